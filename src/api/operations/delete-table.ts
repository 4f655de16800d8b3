import { DynamoDBError } from '../../model/errors.js';
import { requireNamedTable, TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import type { Operation } from '../context.js';
import { describeTable } from '../table-description.js';
import { structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure({ TableName: TABLE_NAME_OR_ARN }, ['TableName']);

export const deleteTable: Operation = {
  async execute(body, context) {
    const request = validateRequest<{ TableName: string }>(REQUEST_SHAPE, body);
    const name = tableNameOf(request.TableName);
    const { engine } = context;
    const existing = await requireNamedTable(context, name);
    // Describe before dropping: the counts are gone afterwards.
    const description = await describeTable(context, existing, 'DELETING');
    const dropped = await engine.catalog.drop(context.namespace, name, (current) => {
      if (current.deletionProtectionEnabled) {
        throw DynamoDBError.validation('Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.');
      }
    });
    engine.stats.forget(dropped.id);
    engine.purger.wake();
    return { TableDescription: description };
  },
};
