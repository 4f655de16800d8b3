import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttributeValue } from '../../src/model/attribute-value.js';
import { decodeNextToken, encodeNextToken } from '../../src/partiql/next-token.js';
import { refuses } from './partiql-fixture.js';

const STATEMENT = "SELECT * FROM tbl WHERE pk IN [?, 'b']";
const PARAMETERS: readonly AttributeValue[] = [{ S: 'a' }];
const INVALID = 'Invalid NextToken';
const FOREIGN = 'NextToken does not match request';

/** A token body as the encoder writes it, re-encoded after `change`. */
function rewritten(token: string, change: (body: Record<string, unknown>) => void): string {
  const body = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, unknown>;
  change(body);
  return Buffer.from(JSON.stringify(body)).toString('base64');
}

/** Decoding `token` once `change` has rewritten its body is refused with `message`. */
function refusesRewritten(token: string, change: (body: Record<string, unknown>) => void, message: string): void {
  refuses(() => decodeNextToken(rewritten(token, change), STATEMENT, PARAMETERS), message);
}

describe('PartiQL NextToken', () => {
  it('round-trips a partition and the key to start after', () => {
    const position = { partition: 3, exclusiveStartKey: { pk: { S: 'a' }, sk: { N: '2' } } };
    const token = encodeNextToken(STATEMENT, PARAMETERS, position);
    assert.deepEqual(decodeNextToken(token, STATEMENT, PARAMETERS), position);
  });

  it('round-trips a partition to start from its beginning, without a key', () => {
    const token = encodeNextToken(STATEMENT, PARAMETERS, { partition: 0 });
    const decoded = decodeNextToken(token, STATEMENT, PARAMETERS);
    assert.deepEqual(decoded, { partition: 0 });
    assert.equal('exclusiveStartKey' in decoded, false);
  });

  it('is a base64 string that does not hold the statement text or parameters', () => {
    const token = encodeNextToken(STATEMENT, [{ S: 'secret-parameter' }], { partition: 1 });
    assert.match(token, /^[A-Za-z0-9+/]+=*$/);
    const body = Buffer.from(token, 'base64').toString('utf8');
    assert.equal(body.includes('secret-parameter'), false);
    assert.equal(body.includes('SELECT'), false);
  });

  it('refuses a token of another statement, or of the same statement with other parameters', () => {
    const token = encodeNextToken(STATEMENT, PARAMETERS, { partition: 1 });
    refuses(() => decodeNextToken(token, "SELECT * FROM tbl WHERE pk IN [?, 'c']", PARAMETERS), FOREIGN);
    refuses(() => decodeNextToken(token, STATEMENT, [{ S: 'z' }]), FOREIGN);
    refuses(() => decodeNextToken(token, STATEMENT, [{ N: '1' }]), FOREIGN);
    refuses(() => decodeNextToken(token, STATEMENT, []), FOREIGN);
  });

  it('does not confuse a statement with another whose text runs into its parameters', () => {
    const token = encodeNextToken('SELECT * FROM t', [{ S: 'x' }], { partition: 0 });
    refuses(() => decodeNextToken(token, 'SELECT * FROM t ', [{ S: 'x' }]), FOREIGN);
  });

  it('refuses a token that is not base64 JSON of an object', () => {
    for (const token of [
      'not a token',
      Buffer.from('[1, 2]').toString('base64'),
      Buffer.from('null').toString('base64'),
      Buffer.from('7').toString('base64'),
      '',
    ]) {
      refuses(() => decodeNextToken(token, STATEMENT, PARAMETERS), INVALID);
    }
  });

  it('refuses a token with a truncated or tampered body', () => {
    const token = encodeNextToken(STATEMENT, PARAMETERS, { partition: 2, exclusiveStartKey: { pk: { S: 'a' } } });
    refuses(() => decodeNextToken(token.slice(0, token.length - 8), STATEMENT, PARAMETERS), INVALID);
    refusesRewritten(token, (body) => (body.v = 2), INVALID);
    refusesRewritten(token, (body) => delete body.s, INVALID);
    refusesRewritten(token, (body) => (body.s = 'A'.repeat(22)), FOREIGN);
  });

  it('refuses a token of this statement whose position is not a partition and a key', () => {
    const token = encodeNextToken(STATEMENT, PARAMETERS, { partition: 2 });
    for (const partition of [-1, 1.5, '1', null]) {
      refusesRewritten(token, (body) => (body.p = partition), INVALID);
    }
    refusesRewritten(token, (body) => delete body.p, INVALID);
    for (const key of [[1], 'k', 5, null]) {
      refusesRewritten(token, (body) => (body.k = key), INVALID);
    }
  });
});
