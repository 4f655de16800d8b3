import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition } from '../../src/expressions/evaluate.js';
import { attributeUpdates, expectedCondition, filterCondition } from '../../src/expressions/legacy.js';
import { applyUpdate } from '../../src/expressions/update.js';
import type { Item } from '../../src/model/attribute-value.js';

const ITEM: Item = { id: { S: 'a' }, n: { N: '5' }, s: { S: 'hello' }, tags: { SS: ['x', 'y'] }, l: { L: [{ N: '1' }] } };

describe('legacy conditions', () => {
  it('turns Expected into conditions: Exists, Value, and comparison operators', () => {
    assert.equal(evaluateCondition(expectedCondition({ n: { Value: { N: '5.0' } } }, undefined)!, ITEM), true);
    assert.equal(evaluateCondition(expectedCondition({ gone: { Exists: false } }, undefined)!, ITEM), true);
    assert.equal(
      evaluateCondition(
        expectedCondition({ n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '9' }] }, s: { ComparisonOperator: 'NOT_NULL' } }, 'OR')!,
        ITEM,
      ),
      true,
    );
    assert.equal(
      evaluateCondition(
        expectedCondition({ n: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '9' }] }, s: { ComparisonOperator: 'NOT_NULL' } }, 'AND')!,
        ITEM,
      ),
      false,
    );
    assert.equal(evaluateCondition(expectedCondition({ gone: { ComparisonOperator: 'NE', Value: { S: 'x' } } }, undefined)!, ITEM), true);
  });

  it('evaluates a filter of tens of thousands of conditions, as many as a 16 MB request holds, without overflowing the stack', () => {
    const filter = Object.fromEntries(Array.from({ length: 50_000 }, (_, index) => [`a${index}`, { ComparisonOperator: 'NULL' }]));
    assert.equal(evaluateCondition(filterCondition(filter, 'AND')!, ITEM), true);
    assert.equal(evaluateCondition(filterCondition({ ...filter, n: { ComparisonOperator: 'NULL' } }, 'AND')!, ITEM), false);
  });

  it('turns QueryFilter and ScanFilter operators into conditions', () => {
    const holds = (filter: Parameters<typeof filterCondition>[0]): boolean => evaluateCondition(filterCondition(filter, undefined)!, ITEM);
    assert.equal(holds({ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '1' }, { N: '5' }] } }), true);
    assert.equal(holds({ n: { ComparisonOperator: 'IN', AttributeValueList: [{ N: '4' }, { N: '5' }] } }), true);
    assert.equal(holds({ s: { ComparisonOperator: 'BEGINS_WITH', AttributeValueList: [{ S: 'he' }] } }), true);
    assert.equal(holds({ tags: { ComparisonOperator: 'CONTAINS', AttributeValueList: [{ S: 'x' }] } }), true);
    assert.equal(holds({ tags: { ComparisonOperator: 'NOT_CONTAINS', AttributeValueList: [{ S: 'x' }] } }), false);
    assert.equal(holds({ gone: { ComparisonOperator: 'NULL' } }), true);
    assert.equal(holds({ n: { ComparisonOperator: 'LE', AttributeValueList: [{ N: '4' }] } }), false);
  });

  it('validates operator arity and operand types with DynamoDB messages', () => {
    assert.throws(() => filterCondition({ n: { ComparisonOperator: 'EQ', AttributeValueList: [] } }, undefined), {
      message: 'One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator',
    });
    assert.throws(() => filterCondition({ n: { ComparisonOperator: 'LT', AttributeValueList: [{ SS: ['a'] }] } }, undefined), {
      message: 'One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type',
    });
    assert.throws(() => filterCondition({ n: { ComparisonOperator: 'IN', AttributeValueList: [{ S: 'a' }, { N: '1' }] } }, undefined), {
      message: 'One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type',
    });
    assert.throws(() => filterCondition({ n: { ComparisonOperator: 'BETWEEN', AttributeValueList: [{ N: '5' }, { N: '1' }] } }, undefined), {
      message: 'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    });
    assert.throws(() => expectedCondition({ n: { Exists: false, Value: { N: '1' } } }, undefined), {
      message: 'One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: n',
    });
    assert.throws(() => expectedCondition({ n: { Value: { N: '1' } } }, 'OR'), {
      message: 'ConditionalOperator can only be used when Filter or Expected has two or more elements',
    });
  });
});

describe('legacy AttributeUpdates', () => {
  it('PUTs, ADDs (numbers, sets, and lists), and DELETEs attributes and set members', () => {
    const update = attributeUpdates({
      s: { Value: { S: 'new' } },
      n: { Action: 'ADD', Value: { N: '2' } },
      l: { Action: 'ADD', Value: { L: [{ N: '2' }] } },
      tags: { Action: 'DELETE', Value: { SS: ['x'] } },
      id: { Action: 'DELETE' },
    });
    assert.deepEqual(applyUpdate(ITEM, update), { s: { S: 'new' }, n: { N: '7' }, l: { L: [{ N: '1' }, { N: '2' }] }, tags: { SS: ['y'] } });
  });

  it('rejects actions that need a value or a type they cannot use', () => {
    assert.throws(() => attributeUpdates({ n: { Action: 'ADD' } }), {
      message: 'One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified',
    });
    assert.throws(() => attributeUpdates({ n: { Action: 'ADD', Value: { S: 'x' } } }), {
      message: 'One or more parameter values were invalid: ADD action is not supported for the type STRING',
    });
    assert.throws(() => attributeUpdates({ n: { Action: 'DELETE', Value: { N: '1' } } }), {
      message: 'One or more parameter values were invalid: DELETE action with value is not supported for the type NUMBER',
    });
  });
});
