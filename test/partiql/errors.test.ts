import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DynamoDBError } from '../../src/model/errors.js';
import { describeSpan, invalidAt, invalidStatement } from '../../src/partiql/errors.js';

describe('PartiQL error positions', () => {
  it('counts lines and columns from 1 on a one-line statement', () => {
    assert.equal(describeSpan('SELECT * FROM t', { start: 0, end: 6 }), '1:1:6');
    assert.equal(describeSpan('SELECT * FROM t', { start: 14, end: 15 }), '1:15:1');
  });

  it('counts the column from the start of the line the span starts on', () => {
    const text = 'SELECT *\nFROM t\n  WHERE a = <<>>';
    assert.equal(describeSpan(text, { start: text.indexOf('FROM'), end: text.indexOf('FROM') + 4 }), '2:1:4');
    assert.equal(describeSpan(text, { start: text.indexOf('<<'), end: text.length }), '3:13:4');
  });

  it('places a span starting right after a line break at column 1 of the next line', () => {
    assert.equal(describeSpan('a\n\nb', { start: 2, end: 3 }), '2:1:1');
    assert.equal(describeSpan('a\n\nb', { start: 3, end: 4 }), '3:1:1');
  });

  it('gives an empty span, such as the end of the statement, length 1', () => {
    assert.equal(describeSpan('SELECT', { start: 6, end: 6 }), '1:7:1');
  });

  it('counts a span over several lines by its units', () => {
    assert.equal(describeSpan('x = {\n}', { start: 4, end: 7 }), '1:5:3');
  });

  it('makes validation errors, with the position appended after "at"', () => {
    const plain = invalidStatement('No good');
    assert.ok(plain instanceof DynamoDBError);
    assert.equal(plain.type, 'ValidationException');
    assert.equal(plain.message, 'No good');
    const placed = invalidAt('ab\ncd', 'Bad thing', { start: 4, end: 5 });
    assert.equal(placed.type, 'ValidationException');
    assert.equal(placed.message, 'Bad thing at 2:2:1');
  });
});
