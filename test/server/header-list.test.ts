import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listMembers } from '../../src/server/header-list.js';

describe('header lists', () => {
  it('splits on commas, trims and lower-cases each member', () => {
    assert.deepEqual(listMembers('gzip, Deflate ,BR;q=0.5'), ['gzip', 'deflate', 'br;q=0.5']);
    assert.deepEqual(listMembers('identity'), ['identity']);
  });

  it('drops the empty members a recipient must ignore', () => {
    assert.deepEqual(listMembers(''), []);
    assert.deepEqual(listMembers(' , ,'), []);
    assert.deepEqual(listMembers(',gzip,,\tdeflate,'), ['gzip', 'deflate']);
  });
});
