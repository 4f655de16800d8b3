import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAttributeValue, parseTopLevelMap } from '../../src/model/attribute-parse.js';
import { DynamoDBError } from '../../src/model/errors.js';

function failure(json: unknown): { type: string; message: string } {
  try {
    parseAttributeValue(json);
  } catch (error) {
    assert.ok(error instanceof DynamoDBError);
    return { type: error.type, message: error.message };
  }
  assert.fail(`expected ${JSON.stringify(json)} to be rejected`);
}

describe('attribute values from the wire', () => {
  it('canonicalizes numbers, number sets and binaries', () => {
    assert.deepEqual(parseAttributeValue({ N: '1.50' }), { N: '1.5' });
    assert.deepEqual(parseAttributeValue({ NS: ['1e2', '-0.50'] }), { NS: ['100', '-0.5'] });
    assert.deepEqual(parseAttributeValue({ B: 'YQ==' }), { B: 'YQ==' });
    // Bits past the last whole byte carry nothing: the canonical form clears them.
    assert.deepEqual(parseAttributeValue({ B: 'YR==' }), { B: 'YQ==' });
    assert.deepEqual(parseAttributeValue({ M: { x: { L: [{ N: '007' }, { NULL: true }] } } }), { M: { x: { L: [{ N: '7' }, { NULL: true }] } } });
  });

  it('rejects empty and duplicated sets with DynamoDB messages', () => {
    assert.deepEqual(failure({ SS: [] }), {
      type: 'ValidationException',
      message: 'One or more parameter values were invalid: An string set  may not be empty',
    });
    assert.deepEqual(failure({ NS: [] }), {
      type: 'ValidationException',
      message: 'One or more parameter values were invalid: An number set  may not be empty',
    });
    assert.deepEqual(failure({ BS: [] }), {
      type: 'ValidationException',
      message: 'One or more parameter values were invalid: Binary sets should not be empty',
    });
    assert.deepEqual(failure({ SS: ['a', 'a'] }), {
      type: 'ValidationException',
      message: 'One or more parameter values were invalid: Input collection [a, a] contains duplicates',
    });
    assert.deepEqual(failure({ NS: ['1', '1.0'] }), { type: 'ValidationException', message: 'Input collection contains duplicates' });
    assert.equal(failure({ BS: ['YQ==', 'YR=='] }).type, 'ValidationException');
  });

  it('requires exactly one datatype, and NULL true', () => {
    assert.equal(failure({}).message, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    assert.equal(failure({ X: '1' }).message, 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes');
    assert.equal(
      failure({ S: 'a', N: '1' }).message,
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
    assert.equal(failure({ NULL: false }).message, 'One or more parameter values were invalid: Null attribute value types must have the value of true');
  });

  it('reports wrong JSON types as SerializationException', () => {
    assert.deepEqual(failure({ S: 5 }), { type: 'SerializationException', message: 'NUMBER_VALUE cannot be converted to String' });
    assert.equal(failure({ N: true }).type, 'SerializationException');
    assert.equal(failure({ BOOL: 'true' }).type, 'SerializationException');
    assert.equal(failure({ L: {} }).type, 'SerializationException');
    assert.equal(failure({ M: [] }).type, 'SerializationException');
    assert.equal(failure({ SS: 'a' }).type, 'SerializationException');
    assert.equal(failure({ B: '!!!' }).type, 'SerializationException');
    assert.equal(failure('text').type, 'SerializationException');
  });

  it('allows 32 levels of nesting and no more', () => {
    const nest = (containers: number): unknown => {
      let value: unknown = { S: 'leaf' };
      for (let level = 0; level < containers; level++) value = level % 2 === 0 ? { M: { a: value } } : { L: [value] };
      return value;
    };
    assert.doesNotThrow(() => parseAttributeValue(nest(31)));
    assert.equal(failure(nest(32)).message, 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit');
  });

  it('names a null top-level attribute', () => {
    assert.throws(() => parseTopLevelMap({ v: null }, 'Item'), { message: 'The supplied Item contains a null AttributeValue: v is null' });
  });

  it('decodes binary as strict, padded base64', () => {
    assert.deepEqual(failure({ B: 'YQ' }), { type: 'SerializationException', message: 'Base64 encoded length is expected a multiple of 4 bytes but found: 2' });
    assert.deepEqual(failure({ BS: ['YWJj', 'YWI'] }), {
      type: 'SerializationException',
      message: 'Base64 encoded length is expected a multiple of 4 bytes but found: 3',
    });
    assert.deepEqual(failure({ B: 'YW!j' }), { type: 'SerializationException', message: "Invalid base64 character '!' in a binary value" });
    assert.deepEqual(failure({ B: 'Y=Jj' }), { type: 'SerializationException', message: "Invalid base64 character '=' in a binary value" });
    assert.deepEqual(failure({ B: 'YW j' }), { type: 'SerializationException', message: "Invalid base64 character ' ' in a binary value" });
    assert.deepEqual(failure({ B: 'Y===' }), { type: 'SerializationException', message: "Invalid base64 character '=' in a binary value" });
    assert.deepEqual(parseAttributeValue({ B: '' }), { B: '' });
  });

  it('refuses an attribute name over 65,535 bytes, at any depth', () => {
    const longest = 'n'.repeat(65_535);
    assert.deepEqual(Object.keys(parseTopLevelMap({ [longest]: { S: 'x' } }, 'Item')), [longest]);
    const tooLong = { type: 'ValidationException', message: '1 validation error detected: Attribute name is too large, must be less than 65536 bytes' };
    assert.deepEqual(failure({ M: { ['n'.repeat(65_536)]: { S: 'x' } } }), tooLong);
    // Counted in UTF-8 bytes: 21,846 three-byte characters are 65,538 bytes.
    assert.deepEqual(failure({ M: { a: { M: { ['€'.repeat(21_846)]: { NULL: true } } } } }), tooLong);
  });

  it('refuses a null inside a value in DynamoDB’s words for each place', () => {
    const nullValue = { type: 'ValidationException', message: 'The supplied Item contains a null AttributeValue' };
    assert.deepEqual(failure({ L: [{ S: 'a' }, null] }), nullValue);
    assert.deepEqual(failure({ BS: [null] }), nullValue);
    assert.deepEqual(failure({ M: { a: null } }), { type: 'ValidationException', message: 'The supplied Item contains a null AttributeValue: a is null' });
    assert.deepEqual(failure({ SS: ['a', null] }), {
      type: 'ValidationException',
      message: 'One or more parameter values were invalid: An string set may not have a null string as a member',
    });
    assert.deepEqual(failure({ NS: [null] }), { type: 'ValidationException', message: 'A value provided cannot be converted into a number' });
  });
});
