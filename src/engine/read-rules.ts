import { conditionAttributes } from '../expressions/condition-attributes.js';
import type { Condition, Projection } from '../expressions/resolved.js';
import { DynamoDBError } from '../model/errors.js';
import { projectedNames } from './indexes.js';
import { keyAttributeNames, type ReadTarget } from './read-target.js';
import type { IndexDefinition, TableDefinition } from './table-definition.js';
import { AWS_MESSAGES } from '../model/aws-messages.js';

/**
 * What a Query or Scan may ask of the table or index it reads: Select, projections
 * and filters against what an index holds, and ConsistentRead. Each rule is its own
 * function because each is checked at its own point of binding a request, among the
 * binding's checks: of several errors in one request, the first found is reported.
 */

export type Select = 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES' | 'COUNT';

/** The request parameter that carried a read's projection, as the Select rules' messages name it. */
export type ProjectionParameter = 'AttributesToGet' | 'ProjectionExpression';

const invalid = (message: string): DynamoDBError => DynamoDBError.validation(message);

/** DynamoDB updates a GSI after its table's writes, so a GSI cannot offer a read that sees all of them (Strata keeps the rule). */
export function checkConsistentRead(index: IndexDefinition | undefined, consistentRead: boolean): void {
  if (index?.kind === 'GSI' && consistentRead) throw invalid(AWS_MESSAGES.gsiConsistentRead.text);
}

export function checkSelect(select: Select | undefined, projectionParameter: ProjectionParameter | undefined, index: IndexDefinition | undefined): void {
  if (select === 'COUNT' && projectionParameter !== undefined) throw invalid(`Cannot specify the ${projectionParameter} when choosing to get only the Count`);
  if (select === 'ALL_ATTRIBUTES' && projectionParameter !== undefined)
    throw invalid(`Cannot specify the ${projectionParameter} when choosing to get ALL_ATTRIBUTES`);
  if (select === 'SPECIFIC_ATTRIBUTES' && projectionParameter === undefined) {
    throw invalid('Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES');
  }
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && index === undefined) throw invalid('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName');
  if (select === 'ALL_ATTRIBUTES' && index?.kind === 'GSI' && index.projection.type !== 'ALL') {
    throw invalid(
      `One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ${index.name} because its projection type is not ALL`,
    );
  }
}

/** The top-level attributes a projection names. */
export function projectionNames(projection: Projection): string[] {
  return projection.map((path) => path[0] as string);
}

/** The attributes among `names` that `index` does not project, each once (none for an index projecting ALL). */
export function namesIndexLacks(table: TableDefinition, index: IndexDefinition, names: Iterable<string>): string[] {
  const held = projectedNames(table, index);
  return held === undefined ? [] : [...new Set(names)].filter((name) => !held.includes(name));
}

/** A GSI answers only with what it holds: projecting other attributes is an error (an LSI fetches them from the table). */
export function checkGsiHoldsProjection(table: TableDefinition, index: IndexDefinition | undefined, projection: Projection | undefined): void {
  if (index?.kind !== 'GSI' || projection === undefined) return;
  const missing = namesIndexLacks(table, index, projectionNames(projection));
  if (missing.length > 0)
    throw invalid(`One or more parameter values were invalid: Global secondary index ${index.name} does not project [${missing.join(', ')}]`);
}

/**
 * A Query's filter may not read the key attributes the key condition selects on, and
 * on an index it may only name what the index holds, LSIs included, although an LSI
 * fetches from the table for the response and for a Scan's filter: DynamoDB Local
 * draws the line there, with this message, and AWS's documentation says nothing
 * either way.
 */
export function checkQueryFilter(table: TableDefinition, index: IndexDefinition | undefined, target: ReadTarget, filter: Condition | undefined): void {
  if (filter === undefined) return;
  const keys = keyAttributeNames(target);
  for (const attribute of conditionAttributes(filter)) {
    if (keys.includes(attribute)) throw invalid(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${attribute}`);
  }
  if (index === undefined) return;
  const missing = namesIndexLacks(table, index, conditionAttributes(filter));
  if (missing.length > 0)
    throw invalid(
      `One or more parameter values were invalid: Secondary index ${index.name} does not project one or more filter attributes: [${missing.join(', ')}]`,
    );
}
