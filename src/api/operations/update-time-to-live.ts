import { DynamoDBError } from '../../model/errors.js';
import { requireNamedTable, TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import type { Operation } from '../context.js';
import { BOOLEAN, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    TimeToLiveSpecification: structure({ AttributeName: string({ min: 1, max: 255 }), Enabled: BOOLEAN }, ['AttributeName', 'Enabled']),
  },
  ['TableName', 'TimeToLiveSpecification'],
);

interface UpdateTimeToLiveRequest {
  TableName: string;
  TimeToLiveSpecification: { AttributeName: string; Enabled: boolean };
}

/**
 * UpdateTimeToLive: names the attribute whose epoch-seconds value expires an item, or
 * turns expiry off. Enabling it twice, or disabling it when it is off, is an error, as
 * in AWS; so is changing the attribute without disabling first. Once enabled, the
 * engine's expiry sweeper deletes expired items in the background (see
 * engine/expiry-sweeper.ts); this wakes it so that items already expired go promptly.
 */
export const updateTimeToLive: Operation = {
  async execute(body, context) {
    const request = validateRequest<UpdateTimeToLiveRequest>(REQUEST_SHAPE, body);
    const name = tableNameOf(request.TableName);
    await requireNamedTable(context, name);
    const { AttributeName: attributeName, Enabled: enabled } = request.TimeToLiveSpecification;
    await context.engine.catalog.update(context.namespace, name, (current) => {
      if (current.timeToLive === undefined && !enabled) throw DynamoDBError.validation('TimeToLive is already disabled');
      if (current.timeToLive !== undefined && current.timeToLive.attributeName !== attributeName)
        throw DynamoDBError.validation('TimeToLive is active on a different AttributeName');
      if (current.timeToLive !== undefined && enabled) throw DynamoDBError.validation('TimeToLive is already enabled');
      if (enabled) return { ...current, timeToLive: { attributeName } };
      const { timeToLive: _disabled, ...withoutTimeToLive } = current;
      return withoutTimeToLive;
    });
    if (enabled) context.engine.expirySweeper.wake();
    return { TimeToLiveSpecification: { AttributeName: attributeName, Enabled: enabled } };
  },
};
