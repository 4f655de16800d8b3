import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATTRIBUTE_MAP, BOOLEAN, integer, list, map, REFUSED, string, structure } from '../../src/api/validation/shape.js';
import { validateRequest } from '../../src/api/validation/validate.js';

const SHAPE = structure(
  {
    TableName: string({ min: 3, max: 255, pattern: '[a-zA-Z0-9_.-]+' }),
    Limit: integer({ min: 1, max: 100 }),
    Mode: string({ enum: ['ONE', 'TWO'] }),
    Names: list(string({ min: 1 }), { min: 1 }),
    Flag: BOOLEAN,
    Nested: structure({ Inner: string({ max: 2 }) }, ['Inner']),
    Unsupported: REFUSED,
    Entries: list(structure({ Deep: REFUSED })),
    Labels: map(string()),
    Item: ATTRIBUTE_MAP,
  },
  ['TableName'],
);

function messageOf(body: unknown): { type: string; message: string } {
  try {
    validateRequest(SHAPE, body);
  } catch (error) {
    const { name, message } = error as Error;
    return { type: name, message };
  }
  assert.fail('expected a validation failure');
}

describe('request validation', () => {
  it('passes a valid request through, ignoring undeclared members', () => {
    const body = { TableName: 'abc', Limit: 5, Unknown: { anything: true } };
    assert.equal(validateRequest(SHAPE, body), body);
  });

  it('collects every constraint violation into one Coral-style message', () => {
    assert.deepEqual(messageOf({ TableName: 'a!', Limit: 0, Mode: 'THREE', Names: [''], Nested: {} }), {
      type: 'ValidationException',
      message:
        "6 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
        "Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'THREE' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [ONE, TWO]; " +
        "Value '' at 'names.1.member' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'nested.inner' failed to satisfy constraint: Member must not be null",
    });
    assert.equal(messageOf({}).message, "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    assert.equal(
      messageOf({ TableName: 'abc', Names: [] }).message,
      "1 validation error detected: Value '[]' at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('fails fast with SerializationException on a wrong JSON type', () => {
    assert.deepEqual(messageOf({ TableName: 5 }), { type: 'SerializationException', message: 'NUMBER_VALUE cannot be converted to String' });
    assert.deepEqual(messageOf({ TableName: 'abc', Limit: 'ten' }), {
      type: 'SerializationException',
      message: 'STRING_VALUE can not be converted to an Integer',
    });
    assert.equal(messageOf({ TableName: 'abc', Limit: 1.5 }).type, 'SerializationException');
    assert.equal(messageOf({ TableName: 'abc', Flag: 'yes' }).type, 'SerializationException');
    assert.equal(messageOf({ TableName: 'abc', Names: 'x' }).type, 'SerializationException');
    assert.equal(messageOf({ TableName: {} }).message, 'Start of structure or map found where not expected.');
    // Serialization problems win over constraint violations elsewhere in the request.
    assert.equal(messageOf({ TableName: 'a', Flag: 1 }).type, 'SerializationException');
  });

  it('refuses a refused member that has a value, after the constraint checks', () => {
    assert.deepEqual(messageOf({ TableName: 'abc', Unsupported: { any: 'thing' } }), {
      type: 'ValidationException',
      message: 'Strata does not support the Unsupported parameter yet',
    });
    assert.equal(messageOf({ TableName: 'abc', Entries: [{}, { Deep: 0 }] }).message, 'Strata does not support the Deep parameter yet');
    assert.equal(validateRequest(SHAPE, { TableName: 'abc', Unsupported: null, Entries: [{ Deep: null }] }).TableName, 'abc');
    // AWS's own complaints about the request come first.
    assert.match(messageOf({ TableName: 'a', Unsupported: true }).message, /^1 validation error detected/);
  });

  it('reads a null structure member as absent, at every depth', () => {
    const body = { TableName: 'abc', Limit: null, Mode: null, Names: null, Nested: null, Entries: [{ Deep: null }] };
    const validated = validateRequest(SHAPE, body);
    // Deleted, not kept as null: an operation reads `request.Limit === undefined`.
    assert.deepEqual(validated, { TableName: 'abc', Entries: [{}] });
    assert.equal('Limit' in validated, false);
    assert.equal(
      messageOf({ TableName: null }).message,
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      messageOf({ TableName: 'abc', Nested: { Inner: null } }).message,
      "1 validation error detected: Value null at 'nested.inner' failed to satisfy constraint: Member must not be null",
    );
  });

  it('refuses a null element of a list or value of a map, leaving AttributeValues to the attribute parser', () => {
    assert.equal(
      messageOf({ TableName: 'abc', Names: ['a', null], Labels: { k: null } }).message,
      "2 validation errors detected: Value null at 'names.2.member' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'labels.k.member' failed to satisfy constraint: Member must not be null",
    );
    assert.equal(
      messageOf({ TableName: 'abc', Entries: [null] }).message,
      "1 validation error detected: Value null at 'entries.1.member' failed to satisfy constraint: Member must not be null",
    );
    assert.deepEqual(validateRequest(SHAPE, { TableName: 'abc', Item: { a: null } }).Item, { a: null });
  });
});
