import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownMember, setOwnMember } from '../../src/model/own-members.js';

describe('own members', () => {
  it('finds nothing of Object.prototype in a map without the name', () => {
    const map: Record<string, number> = { a: 1 };
    assert.equal(ownMember(map, 'a'), 1);
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) assert.equal(ownMember(map, name), undefined);
  });

  it('stores "__proto__" as a member, leaving the prototype alone', () => {
    const map: Record<string, { S: string }> = {};
    setOwnMember(map, '__proto__', { S: 'x' });
    setOwnMember(map, 'b', { S: 'y' });
    assert.equal(Object.getPrototypeOf(map), Object.prototype);
    assert.deepEqual(Object.keys(map), ['__proto__', 'b']);
    assert.deepEqual(ownMember(map, '__proto__'), { S: 'x' });
    assert.equal(JSON.stringify(map), '{"__proto__":{"S":"x"},"b":{"S":"y"}}');
  });
});
