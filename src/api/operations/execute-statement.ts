import { invalidStatement } from '../../partiql/errors.js';
import { EXISTS_OUTSIDE_TRANSACTION } from '../../partiql/parser.js';
import { planWrite } from '../../partiql/write-plan.js';
import { RETURN_CONSUMED_CAPACITY } from '../common.js';
import { writeCapacityField } from '../consumed-capacity.js';
import { RETURN_VALUES_ON_CONDITION_CHECK_FAILURE } from '../expression-parameters.js';
import type { DeclaredOperation } from '../operation-registry.js';
import { NEXT_TOKEN, PARAMETERS, prepareStatement, returnedItems, runWrite, selectPage, STATEMENT } from '../statements.js';
import { BOOLEAN, integer, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    Statement: STATEMENT,
    Parameters: PARAMETERS,
    ConsistentRead: BOOLEAN,
    NextToken: NEXT_TOKEN,
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY,
    Limit: integer({ min: 1 }),
    ReturnValuesOnConditionCheckFailure: RETURN_VALUES_ON_CONDITION_CHECK_FAILURE,
  },
  ['Statement'],
);

/**
 * ExecuteStatement: one PartiQL statement. A SELECT is a page of the Queries or the
 * Scan it plans onto (api/statements.ts); a write is the one mutation it names.
 */
export const executeStatement: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const prepared = await prepareStatement(context, request.Statement, request.Parameters);
    const { statement } = prepared;
    if (statement.kind === 'select') return selectPage(context, prepared, statement, request);
    if (statement.kind === 'exists') throw invalidStatement(EXISTS_OUTSIDE_TRANSACTION);
    const write = planWrite(prepared.text, statement, prepared.table, prepared.translator, {
      returnItemOnConditionFailure: request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD',
    });
    const outcome = await runWrite(context, write);
    return { Items: returnedItems(write, outcome), ...writeCapacityField(request.ReturnConsumedCapacity, write.table, outcome) };
  },
};
