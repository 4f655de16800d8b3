import { projectItem } from '../expressions/projection.js';
import type { Update } from '../expressions/resolved.js';
import { updatedPaths } from '../expressions/update.js';
import type { Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import type { StoredItem } from '../model/stored-item.js';
import { string } from './validation/shape.js';

/** The ReturnValues parameter of the single-item writes. */
export const RETURN_VALUES = string({ enum: ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] });

/** The ReturnValues a write that cannot update attributes accepts (PutItem, DeleteItem). */
export function checkReturnValuesNoneOrAllOld(returnValues: string | undefined): boolean {
  if (returnValues !== undefined && returnValues !== 'NONE' && returnValues !== 'ALL_OLD') {
    throw DynamoDBError.validation('Return values set to invalid value');
  }
  return returnValues === 'ALL_OLD';
}

/**
 * What UPDATED_OLD and UPDATED_NEW return from `item` (the item before or after the
 * update): the parts of it at the paths the update names, as a projection of those
 * paths would. A nested path returns its own value inside its parents, not the whole
 * attribute (SET a.c[1] = :v gives {a: {c: [v]}}), paths under one parent come back
 * together, and a path that holds nothing in `item` adds nothing (so SET past the end
 * of a list returns no element). AWS's answers: paritysuite/dynamodb-conformance
 * (tests/tier1/updateItem, run against eu-west-2), ExtendDB/extenddb#98 (checked
 * against DynamoDB). DynamoDB Local returns whole top-level attributes instead.
 */
function updatedAttributes(update: Update, item: Item): Item {
  return projectItem(item, updatedPaths(update));
}

/** The Attributes member of UpdateItem (and of a PartiQL UPDATE's RETURNING) for each ReturnValues setting. */
export function returnedAttributes(
  returnValues: string | undefined,
  update: Update,
  previous: StoredItem | undefined,
  next: StoredItem | undefined,
): Item | undefined {
  switch (returnValues) {
    case 'ALL_OLD':
      return previous?.item;
    case 'ALL_NEW':
      return next?.item;
    case 'UPDATED_OLD':
      return previous === undefined ? undefined : updatedAttributes(update, previous.item);
    case 'UPDATED_NEW':
      return next === undefined ? undefined : updatedAttributes(update, next.item);
    default:
      return undefined;
  }
}
