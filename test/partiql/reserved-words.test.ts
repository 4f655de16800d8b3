import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPartiqlReservedWord } from '../../src/partiql/reserved-words.js';

describe('PartiQL reserved words', () => {
  it('reserves the statement keywords in any letter case', () => {
    for (const word of ['SELECT', 'select', 'From', 'wHeRe', 'INSERT', 'UPDATE', 'DELETE', 'EXISTS', 'RETURNING', 'MODIFIED', 'VALUE', 'SET', 'REMOVE']) {
      assert.equal(isPartiqlReservedWord(word), true, word);
    }
  });

  it('reserves SQL-92 and PartiQL words a name is often mistaken for', () => {
    for (const word of ['size', 'count', 'Key', 'date', 'value', 'bag', 'tuple', 'missing', 'null', 'true', 'string', 'user', 'zone', 'absolute']) {
      assert.equal(isPartiqlReservedWord(word), true, word);
    }
  });

  it('does not reserve the SQL-92 words DynamoDB accepts as names, nor ordinary names', () => {
    for (const word of ['DAY', 'hour', 'YEAR', 'leading', 'pk', 'sk', 'name', 'id', 'selects', 'sizes']) {
      assert.equal(isPartiqlReservedWord(word), false, word);
    }
  });

  it('matches whole words only', () => {
    assert.equal(isPartiqlReservedWord(''), false);
    assert.equal(isPartiqlReservedWord('SELECT FROM'), false);
    assert.equal(isPartiqlReservedWord(' SELECT'), false);
  });
});
