import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeValueSizeBytes, itemSizeBytes, numberSizeBytes } from '../../src/model/item-size.js';

describe('item size by DynamoDB rules', () => {
  it('counts strings and binaries by their bytes, and names by UTF-8 bytes', () => {
    assert.equal(itemSizeBytes({ a: { S: 'abc' } }), 4);
    assert.equal(itemSizeBytes({ é: { S: '😀' } }), 2 + 4);
    assert.equal(itemSizeBytes({ b: { B: Buffer.from([1, 2, 3, 4, 5]).toString('base64') } }), 6);
    assert.equal(itemSizeBytes({ e: { S: '' } }), 1);
  });

  it('counts booleans and nulls as one byte', () => {
    assert.equal(attributeValueSizeBytes({ BOOL: false }), 1);
    assert.equal(attributeValueSizeBytes({ NULL: true }), 1);
  });

  it('counts numbers as one byte per two significant digits plus one', () => {
    assert.equal(numberSizeBytes('0'), 1);
    assert.equal(numberSizeBytes('1'), 2);
    assert.equal(numberSizeBytes('12'), 2);
    assert.equal(numberSizeBytes('123'), 3);
    assert.equal(numberSizeBytes('1000000'), 2);
    assert.equal(numberSizeBytes('-1'), 3);
    assert.equal(numberSizeBytes('12345678901234567890123456789012345678'), 20);
    assert.equal(numberSizeBytes('0.01'), 2);
  });

  it('adds three bytes per list or map and one per element', () => {
    assert.equal(attributeValueSizeBytes({ L: [] }), 3);
    assert.equal(attributeValueSizeBytes({ M: {} }), 3);
    assert.equal(attributeValueSizeBytes({ L: [{ S: 'ab' }, { BOOL: true }] }), 3 + (1 + 2) + (1 + 1));
    assert.equal(attributeValueSizeBytes({ M: { key: { S: 'ab' } } }), 3 + 1 + 3 + 2);
  });

  it('sums set members', () => {
    assert.equal(attributeValueSizeBytes({ SS: ['a', 'bc'] }), 3);
    assert.equal(attributeValueSizeBytes({ NS: ['1', '123'] }), 2 + 3);
    assert.equal(attributeValueSizeBytes({ BS: [Buffer.from('xy').toString('base64')] }), 2);
  });
});
