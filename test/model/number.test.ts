import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalNumber, parseNumber } from '../../src/model/number.js';
import { DynamoDBError } from '../../src/model/errors.js';

function rejection(text: string): string {
  try {
    parseNumber(text);
  } catch (error) {
    assert.ok(error instanceof DynamoDBError);
    return error.message;
  }
  assert.fail(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('numbers', () => {
  it('prints the canonical form DynamoDB returns', () => {
    const cases: Array<[string, string]> = [
      ['1.50', '1.5'],
      ['1e3', '1000'],
      ['-0', '0'],
      ['0.000', '0'],
      ['+5', '5'],
      ['.5', '0.5'],
      ['5.', '5'],
      ['00012', '12'],
      ['1e+0005', '100000'],
      ['-1e-5', '-0.00001'],
      ['1.2300000000000000000000000000000000000000', '1.23'],
      ['12345678901234567890123456789012345678000', '12345678901234567890123456789012345678000'],
      ['1E+100', '1' + '0'.repeat(100)],
      ['1E-130', '0.' + '0'.repeat(129) + '1'],
      ['9.9999999999999999999999999999999999999E+125', '99999999999999999999999999999999999999' + '0'.repeat(88)],
      ['-123.456e2', '-12345.6'],
    ];
    for (const [input, expected] of cases) assert.equal(canonicalNumber(input), expected, input);
  });

  it('rejects text that is not a number', () => {
    for (const text of ['', 'abc', '0x10', ' 5', '5 ', 'Infinity', 'NaN', '1_0', '1e', '-', '.', 'e5', '1.2.3', '--1']) {
      assert.equal(rejection(text), 'A value provided cannot be converted into a number', JSON.stringify(text));
    }
  });

  it('enforces 38 significant digits and the magnitude range', () => {
    assert.equal(rejection('123456789012345678901234567890123456789'), 'DynamoDB only supports precision up to 38 digits');
    assert.equal(rejection('1e126'), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    assert.equal(rejection('-1e126'), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    assert.equal(rejection('1e-131'), 'Number underflow. Attempting to store a number with magnitude smaller than supported range');
    assert.equal(rejection('1e99999999999999999999'), 'Number overflow. Attempting to store a number with magnitude larger than supported range');
    assert.doesNotThrow(() => parseNumber('0e99999'));
  });
});
