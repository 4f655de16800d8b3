import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkConditionOperators, checkUpdateOperators } from '../../src/expressions/operator-count.js';
import { parseCondition, parseUpdate } from '../../src/expressions/parser.js';

const TOO_MANY = 'The expression contains too many operators; operator count: 301';

function conditionRefusal(text: string): string | undefined {
  try {
    checkConditionOperators(parseCondition(text, 'FilterExpression'), 'FilterExpression');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function updateRefusal(text: string): string | undefined {
  try {
    checkUpdateOperators(parseUpdate(text));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `count` copies of `term` joined by AND: 2 × count - 1 operators when the term has one. */
const conjunction = (term: string, count: number): string => Array.from({ length: count }, () => term).join(' AND ');

describe('operator count', () => {
  it('allows 300 operators in a condition and refuses the 301st, naming that count', () => {
    assert.equal(conditionRefusal(conjunction('a < :v', 150)), undefined);
    assert.equal(conditionRefusal(`NOT (${conjunction('a < :v', 150)})`), undefined);
    assert.equal(conditionRefusal(`NOT NOT (${conjunction('a < :v', 150)})`), `Invalid FilterExpression: ${TOO_MANY}`);
    assert.equal(conditionRefusal(conjunction('a < :v', 400)), `Invalid FilterExpression: ${TOO_MANY}`);
  });

  it('counts AND, OR, NOT, every comparison, BETWEEN, IN and function call once, and nothing else', () => {
    // 100 comparisons and 100 ANDs leave room for 100 more operators.
    const base = `${conjunction('a < :v', 100)} AND `;
    const cases: ReadonlyArray<readonly [term: string, operatorsEach: number]> = [
      ['attribute_exists(a.b[1])', 1],
      ['a BETWEEN :v AND :w', 1],
      ['a IN (:v, :w, :x, :y)', 1],
      ['a = :v', 1],
      ['a <> :v OR b = :v', 3],
      ['size(a) = size(b)', 3],
      ['contains(a, :v)', 1],
    ];
    for (const [term, operatorsEach] of cases) {
      // Each term brings its operators and one AND; the last term none.
      const fitting = Math.floor(101 / (operatorsEach + 1));
      assert.equal(conditionRefusal(base + conjunction(term, fitting)), undefined, term);
      assert.match(conditionRefusal(base + conjunction(term, fitting + 1)) ?? '', /too many operators/, term);
    }
  });

  it('counts + and - and functions in SET values, but not the = of an action or REMOVE, ADD and DELETE', () => {
    const sums = (count: number): string => Array.from({ length: count }, (_, index) => `x${index} = :v + :v`).join(', ');
    assert.equal(updateRefusal(`SET ${sums(300)}`), undefined);
    assert.equal(updateRefusal(`SET ${sums(301)}`), `Invalid UpdateExpression: ${TOO_MANY}`);
    const functions = Array.from({ length: 151 }, (_, index) => `y${index} = if_not_exists(a, :v) + :v`).join(', ');
    assert.equal(updateRefusal(`SET ${functions}`), `Invalid UpdateExpression: ${TOO_MANY}`);
    const names = Array.from({ length: 400 }, (_, index) => `z${index}`);
    assert.equal(updateRefusal(`SET ${names.map((name) => `${name} = :v`).join(', ')}`), undefined);
    assert.equal(updateRefusal(`REMOVE ${names.join(', ')} ADD ${names.map((name) => `a${name} :v`).join(', ')}`), undefined);
  });
});
