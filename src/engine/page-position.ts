import { parseTopLevelMap } from '../model/attribute-parse.js';
import type { Item } from '../model/attribute-value.js';
import { DynamoDBError } from '../model/errors.js';
import { indexEntryKey, keyAttributeNamesInUse } from './indexes.js';
import { keyOfItem } from './primary-key.js';
import type { IndexDefinition, TableDefinition } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';
import { ownMember } from '../model/own-members.js';

/**
 * Where a page of a Query or Scan starts and stops: ExclusiveStartKey checked against
 * the key schema read, and LastEvaluatedKey. Both name the table's key attributes,
 * and the index's when reading one, so that an index entry is found by its full key.
 */

/** The key attributes a page position names. */
function positionAttributes(table: TableDefinition, index: IndexDefinition | undefined): string[] {
  return [...keyAttributeNamesInUse(table, index === undefined ? [] : [index])];
}

export interface StartPosition {
  /** The storage key of the item (or index entry) the page starts after. */
  readonly storageKey: Uint8Array;
  readonly item: Item;
}

/**
 * AWS words a start key that does not fit the key schema differently for the two
 * reads, a Scan's at more length than a Query's; DynamoDB Local uses the Query's
 * wording for both.
 */
const KEY_MISMATCH_MESSAGES = {
  query: AWS_MESSAGES.queryStartKeyInvalid.text,
  scan: AWS_MESSAGES.scanStartKeyInvalid.text,
} as const;

/** ExclusiveStartKey (DynamoDB JSON, as the request gave it), checked against the key schema of the table (and index) a Query or Scan reads. */
export function startPosition(
  table: TableDefinition,
  index: IndexDefinition | undefined,
  json: unknown,
  read: keyof typeof KEY_MISMATCH_MESSAGES,
): StartPosition | undefined {
  if (json === undefined || json === null) return undefined;
  const item = parseTopLevelMap(json, 'ExclusiveStartKey');
  if (Object.keys(item).length !== positionAttributes(table, index).length)
    throw DynamoDBError.validation("Exclusive Start Key must have same size as table's key schema");
  let storageKey: Uint8Array | undefined;
  try {
    const tableKey = keyOfItem(table, item);
    storageKey = index === undefined ? tableKey.storageKey : indexEntryKey(table, index, item);
  } catch {
    storageKey = undefined;
  }
  if (storageKey === undefined) throw DynamoDBError.validation(KEY_MISMATCH_MESSAGES[read]);
  return { storageKey, item };
}

/** The LastEvaluatedKey of a page that stopped at `item`: its key attributes. */
export function positionOf(table: TableDefinition, index: IndexDefinition | undefined, item: Item): Item {
  return Object.fromEntries(positionAttributes(table, index).map((name) => [name, ownMember(item, name)!]));
}
