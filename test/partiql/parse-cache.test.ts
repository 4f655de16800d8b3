import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachedStatement } from '../../src/partiql/parse-cache.js';
import { parseStatement } from '../../src/partiql/parser.js';
import { messageOf } from './partiql-fixture.js';

describe('PartiQL parse cache', () => {
  it('parses a statement as the parser does', () => {
    const text = "SELECT a FROM cache_one WHERE pk = ? AND b IN ['x']";
    assert.deepEqual(cachedStatement(text), parseStatement(text));
  });

  it('gives the same parsed statement for the same text, and a different one for other text', () => {
    const text = 'SELECT * FROM cache_two WHERE pk = ?';
    const first = cachedStatement(text);
    assert.equal(cachedStatement(text), first);
    assert.notEqual(cachedStatement(`${text} `), first);
    assert.equal(cachedStatement(`${text} `).parameterCount, 1);
  });

  it('fails a statement that does not parse each time it is asked, with the same message', () => {
    const text = 'SELECT * FROM cache_three WHERE';
    const message = messageOf(() => cachedStatement(text));
    assert.equal(message, "Statement wasn't well formed, can't be processed: unexpected end of statement at 1:32:1");
    assert.equal(
      messageOf(() => cachedStatement(text)),
      message,
    );
  });

  it('keeps a bounded number of statements, evicting the least recently used', () => {
    const text = 'SELECT * FROM cache_four';
    const first = cachedStatement(text);
    for (let at = 0; at < 2000; at++) cachedStatement(`SELECT * FROM cache_filler WHERE n = ${at}`);
    assert.notEqual(cachedStatement(text), first);
    assert.deepEqual(cachedStatement(text), first);
  });

  it('keeps a statement in use while others come and go', () => {
    const text = 'SELECT * FROM cache_five';
    const first = cachedStatement(text);
    for (let at = 0; at < 3000; at++) {
      cachedStatement(`SELECT * FROM cache_churn WHERE n = ${at}`);
      if (at % 500 === 0) assert.equal(cachedStatement(text), first);
    }
  });
});
