import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableDefinition } from '../../src/engine/table-definition.js';
import type { Condition } from '../../src/expressions/resolved.js';
import type { AttributeValue } from '../../src/model/attribute-value.js';
import { DynamoDBError } from '../../src/model/errors.js';
import { parseStatement } from '../../src/partiql/parser.js';
import { StatementTranslator } from '../../src/partiql/translate.js';
import { duplicateItem, namedItem, planWrite, type NamedItem, type PlannedWrite } from '../../src/partiql/write-plan.js';
import { N, refuses, S, tableOf, whereCondition } from './partiql-fixture.js';

/** A table keyed by pk (S) and sk (N). */
const COMPOSITE = tableOf({ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });
/** A table keyed by id (S) alone. */
const SIMPLE = tableOf({ name: 'id', type: 'S' });

function planned(table: TableDefinition, text: string, parameters: readonly AttributeValue[] = [], returnItemOnConditionFailure = false): PlannedWrite {
  const { statement } = parseStatement(text);
  assert.ok(statement.kind !== 'select');
  return planWrite(text, statement, table, new StatementTranslator(text, parameters), returnItemOnConditionFailure ? { returnItemOnConditionFailure } : {});
}

const compare = (attribute: string, operator: '=' | '>', value: AttributeValue): Condition => ({
  kind: 'compare',
  operator,
  left: { kind: 'path', path: [attribute] },
  right: { kind: 'literal', value },
});
const itemExists = (attribute: string, exists: boolean): Condition => ({ kind: 'exists', path: [attribute], exists });

const WHOLE_KEY_MISSING = 'Where clause does not contain a mandatory equality on all key attributes';

/** The item a WHERE names, which the test expects it to. */
function named(table: TableDefinition, where: Condition | undefined): NamedItem {
  const found = namedItem(table, where);
  assert.ok(found !== undefined, 'expected the WHERE to name an item');
  return found;
}

const TYPE_MISMATCH = (name: string): string => `Key attribute's data type should match its data type in table's schema: Key ${name}`;

describe('PartiQL write keys from WHERE', () => {
  it('takes the whole primary key from equalities among the conjuncts, in any order, leaving the rest', () => {
    const { key, keyItem, remaining } = named(COMPOSITE, whereCondition("n > 1 AND sk = 5 AND m = 'x' AND 'a' = pk"));
    assert.deepEqual(keyItem, { pk: S('a'), sk: N(5) });
    assert.deepEqual(key.partition, { type: 'S', value: 'a' });
    assert.deepEqual(key.sort, { type: 'N', value: '5' });
    assert.deepEqual(remaining, [compare('n', '>', N(1)), compare('m', '=', S('x'))]);
  });

  it('takes the first equality of a key attribute, leaving a second one as a condition', () => {
    const { keyItem, remaining } = named(SIMPLE, whereCondition("id = 'a' AND id = 'b'"));
    assert.deepEqual(keyItem, { id: S('a') });
    assert.deepEqual(remaining, [compare('id', '=', S('b'))]);
  });

  it('names no item when the WHERE does not fix every key attribute with a top-level equality', () => {
    assert.equal(namedItem(COMPOSITE, undefined), undefined);
    for (const where of [
      "pk = 'a'",
      "pk = 'a' AND sk > 1",
      "pk = 'a' OR sk = 1",
      "pk = 'a' AND (sk = 1 OR sk = 2)",
      "pk = 'a' AND sk IN [1]",
      "pk = 'a' AND NOT sk <> 1",
    ]) {
      assert.equal(namedItem(COMPOSITE, whereCondition(where)), undefined, where);
    }
    assert.equal(namedItem(SIMPLE, whereCondition("id.x = 'a'")), undefined);
  });

  it("refuses a key value not of the key's type", () => {
    refuses(() => named(COMPOSITE, whereCondition("pk = 'a' AND sk = '5'")), TYPE_MISMATCH('sk'));
    refuses(() => named(SIMPLE, whereCondition('id = 1')), TYPE_MISMATCH('id'));
  });

  it('refuses an empty string key as any key is refused', () => {
    refuses(
      () => named(SIMPLE, whereCondition("id = ''")),
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id',
    );
  });
});

describe('PartiQL UPDATE plans', () => {
  it('updates the item the WHERE names, only if it exists, under the remaining conjuncts', () => {
    const write = planned(COMPOSITE, "UPDATE tbl SET a = 1 REMOVE b WHERE pk = 'k' AND sk = 2 AND c > 3 AND d = 'x'");
    assert.equal(write.kind, 'update');
    assert.equal(write.table, COMPOSITE);
    assert.deepEqual(write.update, { set: [{ path: ['a'], value: { kind: 'literal', value: N(1) } }], remove: [['b']], add: [], delete: [] });
    assert.equal(write.mutation.action.kind, 'update');
    assert.deepEqual(write.mutation.action.kind === 'update' ? write.mutation.action.keyItem : undefined, { pk: S('k'), sk: N(2) });
    assert.deepEqual(write.mutation.key.partition, { type: 'S', value: 'k' });
    assert.deepEqual(write.mutation.condition, {
      kind: 'and',
      left: { kind: 'and', left: itemExists('pk', true), right: compare('c', '>', N(3)) },
      right: compare('d', '=', S('x')),
    });
    assert.equal(write.returning, undefined);
    assert.equal('returning' in write, false);
  });

  it('requires the item to exist even with no other condition', () => {
    const write = planned(SIMPLE, "UPDATE tbl SET a = 1 WHERE id = 'k'");
    assert.deepEqual(write.mutation.condition, itemExists('id', true));
  });

  it('carries RETURNING and ReturnValuesOnConditionCheckFailure', () => {
    const write = planned(SIMPLE, "UPDATE tbl SET a = 1 WHERE id = 'k' RETURNING ALL NEW *", [], true);
    assert.equal(write.returning, 'ALL_NEW');
    assert.equal(write.mutation.returnItemOnConditionFailure, true);
    assert.equal(planned(SIMPLE, "UPDATE tbl SET a = 1 WHERE id = 'k'").mutation.returnItemOnConditionFailure, undefined);
  });

  it('refuses an UPDATE without WHERE or without the whole key', () => {
    refuses(() => planned(SIMPLE, 'UPDATE tbl SET a = 1'), WHOLE_KEY_MISSING);
    refuses(() => planned(COMPOSITE, "UPDATE tbl SET a = 1 WHERE pk = 'k'"), WHOLE_KEY_MISSING);
  });

  it('refuses an update of a key attribute', () => {
    refuses(
      () => planned(SIMPLE, "UPDATE tbl SET id = 'z' WHERE id = 'k'"),
      'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key',
    );
  });

  it('binds parameters in the key and the update', () => {
    const write = planned(SIMPLE, 'UPDATE tbl SET a = ? WHERE id = ?', [N(9), S('k')]);
    assert.deepEqual(write.update?.set, [{ path: ['a'], value: { kind: 'literal', value: N(9) } }]);
    assert.deepEqual(write.mutation.key.partition, { type: 'S', value: 'k' });
  });
});

describe('PartiQL DELETE plans', () => {
  it('deletes the item the WHERE names, unconditionally when nothing else is said', () => {
    const write = planned(COMPOSITE, "DELETE FROM tbl WHERE sk = 1 AND pk = 'k'");
    assert.equal(write.kind, 'delete');
    assert.equal(write.mutation.action.kind, 'delete');
    assert.deepEqual(write.mutation.key.partition, { type: 'S', value: 'k' });
    assert.deepEqual(write.mutation.key.sort, { type: 'N', value: '1' });
    assert.equal(write.mutation.condition, undefined);
    assert.equal(write.update, undefined);
  });

  it('deletes under the remaining conjuncts, without an existence condition', () => {
    const write = planned(SIMPLE, "DELETE FROM tbl WHERE id = 'k' AND n > 1");
    assert.deepEqual(write.mutation.condition, compare('n', '>', N(1)));
  });

  it('carries ReturnValuesOnConditionCheckFailure, as INSERT does', () => {
    assert.equal(planned(SIMPLE, "DELETE FROM tbl WHERE id = 'k' AND n > 1", [], true).mutation.returnItemOnConditionFailure, true);
    assert.equal(planned(SIMPLE, "INSERT INTO tbl VALUE {'id': 'k'}", [], true).mutation.returnItemOnConditionFailure, true);
  });

  it('allows RETURNING ALL OLD * alone', () => {
    assert.equal(planned(SIMPLE, "DELETE FROM tbl WHERE id = 'k' RETURNING ALL OLD *").returning, 'ALL_OLD');
    const refusal = (clause: string): string => `Invalid returning clause: RETURNING ${clause} *. Only RETURNING ALL OLD * is allowed in DELETE statements.`;
    refuses(() => planned(SIMPLE, "DELETE FROM tbl WHERE id = 'k' RETURNING ALL NEW *"), refusal('ALL NEW'));
    refuses(() => planned(SIMPLE, "DELETE FROM tbl WHERE id = 'k' RETURNING MODIFIED OLD *"), refusal('MODIFIED OLD'));
    refuses(() => planned(SIMPLE, "DELETE FROM tbl WHERE id = 'k' RETURNING MODIFIED NEW *"), refusal('MODIFIED NEW'));
  });

  it('refuses a RETURNING clause before it looks at the key', () => {
    refuses(
      () => planned(SIMPLE, 'DELETE FROM tbl RETURNING ALL NEW *'),
      'Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in DELETE statements.',
    );
  });

  it('refuses a DELETE without the whole key', () => {
    refuses(() => planned(SIMPLE, 'DELETE FROM tbl'), WHOLE_KEY_MISSING);
    refuses(() => planned(COMPOSITE, 'DELETE FROM tbl WHERE sk = 1'), WHOLE_KEY_MISSING);
  });
});

describe('PartiQL INSERT plans', () => {
  it('puts the item, only if no item has its key', () => {
    const write = planned(COMPOSITE, "INSERT INTO tbl VALUE {'pk': 'k', 'sk': 3, 'n': [1]}");
    assert.equal(write.kind, 'insert');
    assert.deepEqual(write.mutation.action, { kind: 'put', item: { pk: S('k'), sk: N(3), n: { L: [N(1)] } } });
    assert.deepEqual(write.mutation.key.partition, { type: 'S', value: 'k' });
    assert.deepEqual(write.mutation.key.sort, { type: 'N', value: '3' });
    assert.deepEqual(write.mutation.condition, itemExists('pk', false));
  });

  it('takes the item from a parameter-filled tuple', () => {
    const write = planned(SIMPLE, "INSERT INTO tbl VALUE {'id': ?, 'v': ?}", [S('k'), { SS: ['a'] }]);
    assert.deepEqual(write.mutation.action, { kind: 'put', item: { id: S('k'), v: { SS: ['a'] } } });
  });

  it('refuses an item that is not a tuple, where it stands', () => {
    const message = 'Unsupported format in item expression. Please use struct format {...} to express item values for insert statement.';
    refuses(() => planned(SIMPLE, "INSERT INTO tbl VALUE 'x'"), `${message} at 1:23:3`);
    refuses(() => planned(SIMPLE, 'INSERT INTO tbl VALUE ?', [{ M: { id: S('k') } }]), `${message} at 1:23:1`);
    refuses(() => planned(SIMPLE, 'INSERT INTO tbl VALUE [1]'), `${message} at 1:23:1`);
  });

  it('refuses an item without a key attribute, or with one of the wrong type', () => {
    refuses(() => planned(COMPOSITE, "INSERT INTO tbl VALUE {'pk': 'k'}"), 'Key attribute should be present in the item: Key sk');
    refuses(() => planned(COMPOSITE, "INSERT INTO tbl VALUE {'sk': 1}"), 'Key attribute should be present in the item: Key pk');
    refuses(() => planned(COMPOSITE, "INSERT INTO tbl VALUE {'pk': 'k', 'sk': '1'}"), TYPE_MISMATCH('sk'));
    refuses(() => planned(SIMPLE, "INSERT INTO tbl VALUE {'id': {'nested': 'k'}}"), TYPE_MISMATCH('id'));
  });

  it('refuses values the tuple cannot hold', () => {
    refuses(() => planned(SIMPLE, "INSERT INTO tbl VALUE {'id': 'k', 'e': <<>>}"), 'Empty bags are not supported at 1:40:2');
  });

  it('fails a duplicate INSERT as AWS does', () => {
    const error = duplicateItem();
    assert.ok(error instanceof DynamoDBError);
    assert.equal(error.type, 'DuplicateItemException');
    assert.equal(error.message, 'Duplicate primary key exists in table');
  });
});

describe('PartiQL EXISTS plans', () => {
  const EXISTS_NEEDS = 'EXISTS() must contain a single item read with additional condition';

  it('checks the item the WHERE names under the remaining conjuncts', () => {
    const write = planned(COMPOSITE, "EXISTS(SELECT * FROM tbl WHERE pk = 'k' AND sk = 1 AND n > 2)");
    assert.equal(write.kind, 'exists');
    assert.equal(write.mutation.action.kind, 'check');
    assert.deepEqual(write.mutation.key.partition, { type: 'S', value: 'k' });
    assert.deepEqual(write.mutation.condition, compare('n', '>', N(2)));
  });

  it('joins several remaining conjuncts into its condition', () => {
    const write = planned(SIMPLE, "EXISTS(SELECT * FROM tbl WHERE id = 'k' AND a = 1 AND attribute_exists(b))", [], true);
    assert.deepEqual(write.mutation.condition, { kind: 'and', left: compare('a', '=', N(1)), right: itemExists('b', true) });
    assert.equal(write.mutation.returnItemOnConditionFailure, true);
  });

  it('refuses an EXISTS with nothing to check beyond the key, or without the whole key', () => {
    refuses(() => planned(SIMPLE, "EXISTS(SELECT * FROM tbl WHERE id = 'k')"), EXISTS_NEEDS);
    refuses(() => planned(COMPOSITE, "EXISTS(SELECT * FROM tbl WHERE pk = 'k' AND n = 1)"), EXISTS_NEEDS);
    refuses(() => planned(SIMPLE, 'EXISTS(SELECT * FROM tbl)'), EXISTS_NEEDS);
  });

  it('refuses a key value of the wrong type with its own message', () => {
    refuses(() => planned(SIMPLE, 'EXISTS(SELECT * FROM tbl WHERE id = 1 AND a = 1)'), TYPE_MISMATCH('id'));
  });
});
