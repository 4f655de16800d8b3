import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negotiateCoding, parseAcceptEncoding } from '../../src/server/accept-encoding.js';

describe('Accept-Encoding', () => {
  it('weighs each coding named, 1 unless q says otherwise', () => {
    assert.deepEqual(
      parseAcceptEncoding('gzip, deflate;q=0.5, br;q=0, *;q=0.001, identity;q=1.000'),
      new Map([
        ['gzip', 1],
        ['deflate', 0.5],
        ['br', 0],
        ['*', 0.001],
        ['identity', 1],
      ]),
    );
  });

  it('reads codings and q alike in any case and with spaces around the separators', () => {
    assert.deepEqual(
      parseAcceptEncoding(' GZIP ; Q=0.7 ,Deflate'),
      new Map([
        ['gzip', 0.7],
        ['deflate', 1],
      ]),
    );
  });

  it('leaves out members that do not parse', () => {
    for (const fieldValue of [
      'gzip;q=2',
      'gzip;q=1.5',
      'gzip;q=0.5000',
      'gzip;q=',
      'gzip;q=abc',
      'gzip;q = 0.5',
      'gzip;level=9',
      'gzip;q=0.5;q=0.5',
      'gz ip',
      ';q=1',
      '',
    ]) {
      assert.deepEqual(parseAcceptEncoding(fieldValue), new Map(), fieldValue);
    }
    assert.deepEqual(parseAcceptEncoding('gzip;q=9, deflate'), new Map([['deflate', 1]]));
  });

  it('keeps the lower weight of a coding named twice, so a refusal stands', () => {
    assert.deepEqual(parseAcceptEncoding('gzip, gzip;q=0'), new Map([['gzip', 0]]));
    assert.deepEqual(parseAcceptEncoding('gzip;q=0, gzip'), new Map([['gzip', 0]]));
  });

  it('reads x-gzip as gzip', () => {
    assert.deepEqual(parseAcceptEncoding('x-gzip;q=0.5'), new Map([['gzip', 0.5]]));
    assert.deepEqual(parseAcceptEncoding('gzip, x-gzip;q=0'), new Map([['gzip', 0]]));
  });
});

describe('choosing the coding of a response', () => {
  const gzipOnly = ['gzip'] as const;

  function chosen(acceptEncoding: string | undefined): string | undefined {
    return negotiateCoding(acceptEncoding, gzipOnly);
  }

  it('compresses only for a client that accepts gzip', () => {
    for (const acceptEncoding of [
      'gzip',
      'GZIP',
      'x-custom, gzip',
      'br, gzip;q=0.8',
      'gzip;q=0.001',
      'deflate, gzip',
      'gzip;q=0.5, identity;q=0.4',
      'x-gzip',
    ]) {
      assert.equal(chosen(acceptEncoding), 'gzip', acceptEncoding);
    }
    for (const acceptEncoding of [undefined, '', 'identity', 'deflate', 'br, deflate', 'gzip;q=2']) {
      assert.equal(chosen(acceptEncoding), undefined, String(acceptEncoding));
    }
  });

  it('honours q=0 refusals of gzip, however written', () => {
    for (const acceptEncoding of ['gzip;q=0', 'gzip;Q=0.000', 'gzip ; q=0.', 'gzip;q=0, identity', 'gzip, gzip;q=0', 'gzip;q=0, *']) {
      assert.equal(chosen(acceptEncoding), undefined, acceptEncoding);
    }
  });

  it('lets * stand for gzip unless gzip is named', () => {
    assert.equal(chosen('*'), 'gzip');
    assert.equal(chosen('*;q=0.5'), 'gzip');
    assert.equal(chosen('*;q=0'), undefined);
    assert.equal(chosen('*;q=0, gzip'), 'gzip');
    assert.equal(chosen('deflate, *;q=0'), undefined);
  });

  it('sends the response as it is when the client weighs identity higher, * included', () => {
    assert.equal(chosen('gzip;q=0.5, identity'), undefined);
    assert.equal(chosen('gzip;q=0.5, *'), undefined);
    assert.equal(chosen('gzip;q=0.5, identity;q=0.5'), 'gzip');
    assert.equal(chosen('gzip, identity;q=0'), 'gzip');
    assert.equal(chosen('gzip;q=0.5, *;q=1, identity;q=0.1'), 'gzip');
  });

  it("picks the supported coding weighed highest, the server's order breaking ties", () => {
    const both = ['gzip', 'deflate'] as const;
    assert.equal(negotiateCoding('gzip;q=0.4, deflate;q=0.5', both), 'deflate');
    assert.equal(negotiateCoding('deflate, gzip', both), 'gzip');
    assert.equal(negotiateCoding('deflate;q=0, *;q=0.3', both), 'gzip');
    assert.equal(negotiateCoding('br', both), undefined);
  });
});
