import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize, type Token } from '../../src/partiql/lexer.js';

/** The tokens of `text` as kind:text@start-end, one string each, for compact comparisons. */
function lexed(text: string): string[] {
  return tokenize(text).map((token: Token) => `${token.kind}:${token.text}@${token.start}-${token.end}`);
}

describe('PartiQL lexer', () => {
  it('reads bare words in any letter case, with digits, underscores and dollars after the first character', () => {
    assert.deepEqual(lexed('SeLeCt _a1$b x'), ['word:SeLeCt@0-6', 'word:_a1$b@7-12', 'word:x@13-14', 'eof:@14-14']);
  });

  it('reads a single-quoted string without its quotes, a doubled quote standing for itself', () => {
    assert.deepEqual(lexed("'it''s'"), ["string:it's@0-7", 'eof:@7-7']);
    assert.deepEqual(lexed("''"), ['string:@0-2', 'eof:@2-2']);
    assert.deepEqual(lexed("''''"), ["string:'@0-4", 'eof:@4-4']);
  });

  it('reads a double-quoted name without its quotes, a doubled double quote standing for itself', () => {
    assert.deepEqual(lexed('"a""b" "size"'), ['quotedName:a"b@0-6', 'quotedName:size@7-13', 'eof:@13-13']);
    assert.deepEqual(lexed('""'), ['quotedName:@0-2', 'eof:@2-2']);
  });

  it('keeps the other quote inside a quoted token as it is', () => {
    assert.deepEqual(lexed(`'say "hi"' "it's"`), ['string:say "hi"@0-10', "quotedName:it's@11-17", 'eof:@17-17']);
  });

  it('turns an unterminated string or name into one unknown token running to the end of the statement', () => {
    assert.deepEqual(lexed("a = 'open"), ['word:a@0-1', 'punct:=@2-3', "unknown:'open@4-9", 'eof:@9-9']);
    assert.deepEqual(lexed('"open it'), ['unknown:"open it@0-8', 'eof:@8-8']);
    assert.deepEqual(lexed("'ends with a doubled quote''"), ["unknown:'ends with a doubled quote''@0-28", 'eof:@28-28']);
  });

  it('reads integers, decimals, a leading point and exponents as numbers', () => {
    assert.deepEqual(lexed('12 3.25 .5 7. 1e10 2.5E-3 4e+2'), [
      'number:12@0-2',
      'number:3.25@3-7',
      'number:.5@8-10',
      'number:7.@11-13',
      'number:1e10@14-18',
      'number:2.5E-3@19-25',
      'number:4e+2@26-30',
      'eof:@30-30',
    ]);
  });

  it('does not read a sign as part of a number', () => {
    assert.deepEqual(lexed('-5'), ['punct:-@0-1', 'number:5@1-2', 'eof:@2-2']);
  });

  it('reads each question mark as a parameter', () => {
    assert.deepEqual(lexed('??'), ['parameter:?@0-1', 'parameter:?@1-2', 'eof:@2-2']);
  });

  it('reads two-character punctuation before its one-character prefixes', () => {
    assert.deepEqual(
      tokenize('<< >> <> != <= >= || = < > ( ) [ ] { } , . : * + - / % ;').map((token) => `${token.kind}:${token.text}`),
      [
        'punct:<<',
        'punct:>>',
        'punct:<>',
        'punct:!=',
        'punct:<=',
        'punct:>=',
        'punct:||',
        'punct:=',
        'punct:<',
        'punct:>',
        'punct:(',
        'punct:)',
        'punct:[',
        'punct:]',
        'punct:{',
        'punct:}',
        'punct:,',
        'punct:.',
        'punct::',
        'punct:*',
        'punct:+',
        'punct:-',
        'punct:/',
        'punct:%',
        'punct:;',
        'eof:',
      ],
    );
    assert.deepEqual(lexed('a<=b'), ['word:a@0-1', 'punct:<=@1-3', 'word:b@3-4', 'eof:@4-4']);
  });

  it('skips whitespace, line comments and block comments, keeping the positions of what follows', () => {
    assert.deepEqual(lexed('a -- to the end\n\tb /* across\nlines */ c'), ['word:a@0-1', 'word:b@17-18', 'word:c@38-39', 'eof:@39-39']);
    assert.deepEqual(lexed('-- only a comment'), ['eof:@17-17']);
    assert.deepEqual(lexed('/**/x'), ['word:x@4-5', 'eof:@5-5']);
  });

  it('does not skip a block comment that never closes', () => {
    assert.deepEqual(lexed('/* x'), ['punct:/@0-1', 'punct:*@1-2', 'word:x@3-4', 'eof:@4-4']);
  });

  it('makes a character that starts no token an unknown token of its own, a surrogate pair as one', () => {
    assert.deepEqual(lexed('a@b'), ['word:a@0-1', 'unknown:@@1-2', 'word:b@2-3', 'eof:@3-3']);
    assert.deepEqual(lexed('é😀!'), ['unknown:é@0-1', 'unknown:😀@1-3', 'unknown:!@3-4', 'eof:@4-4']);
  });

  it('ends every statement, even an empty one, with an end token at its length', () => {
    assert.deepEqual(lexed(''), ['eof:@0-0']);
    assert.deepEqual(lexed('   '), ['eof:@3-3']);
  });
});
