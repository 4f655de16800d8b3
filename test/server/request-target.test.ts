import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRequestTarget } from '../../src/server/request-target.js';

describe('request targets', () => {
  it('splits origin-form targets into the path and query as sent', () => {
    assert.deepEqual(parseRequestTarget('POST', '/'), { path: '/', query: '' });
    assert.deepEqual(parseRequestTarget('POST', '/?X-Amz-Credential=AK%2F20260101'), { path: '/', query: 'X-Amz-Credential=AK%2F20260101' });
    assert.deepEqual(parseRequestTarget('GET', '/metrics'), { path: '/metrics', query: '' });
    assert.deepEqual(parseRequestTarget('POST', '/a%2Fb?'), { path: '/a%2Fb', query: '' });
  });

  it('reads // as a path of empty segments, not as a URL with no host', () => {
    assert.deepEqual(parseRequestTarget('POST', '//'), { path: '//', query: '' });
    assert.deepEqual(parseRequestTarget('POST', '//x/../?q'), { path: '//x/../', query: 'q' });
  });

  it('takes the path and query of absolute-form targets, the root when there is no path', () => {
    assert.deepEqual(parseRequestTarget('POST', 'http://localhost:8000/tables?x=1'), { path: '/tables', query: 'x=1' });
    assert.deepEqual(parseRequestTarget('POST', 'HTTPS://LOCALHOST'), { path: '/', query: '' });
    assert.deepEqual(parseRequestTarget('POST', 'http://localhost?x=1'), { path: '/', query: 'x=1' });
  });

  it('accepts the asterisk form for OPTIONS alone', () => {
    assert.deepEqual(parseRequestTarget('OPTIONS', '*'), { path: '*', query: '' });
    for (const method of ['POST', 'GET', 'HEAD', undefined]) assert.equal(parseRequestTarget(method, '*'), undefined, String(method));
  });

  it('refuses malformed targets', () => {
    for (const target of [
      undefined,
      '',
      'tables',
      '?x=1',
      'mailto:someone',
      'http:/localhost/',
      '/%zz',
      '/%2',
      '/?x=%',
      '/tables#part',
      'http://localhost/%g0',
    ]) {
      assert.equal(parseRequestTarget('POST', target), undefined, String(target));
    }
  });

  it('has no length limit of its own: Node bounds the request line first', () => {
    const path = `/${'a'.repeat(10_000)}`;
    assert.deepEqual(parseRequestTarget('POST', path), { path, query: '' });
  });
});
