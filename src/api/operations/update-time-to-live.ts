import { TABLE_NAME_OR_ARN, tableNameOf } from '../common.js';
import { BOOLEAN, string, structure } from '../validation/shape.js';
import { validateRequest } from '../validation/validate.js';
import type { DeclaredOperation } from '../operation-registry.js';

const REQUEST_SHAPE = structure(
  {
    TableName: TABLE_NAME_OR_ARN,
    TimeToLiveSpecification: structure({ AttributeName: string({ min: 1, max: 255 }), Enabled: BOOLEAN }, ['AttributeName', 'Enabled']),
  },
  ['TableName', 'TimeToLiveSpecification'],
);

/**
 * UpdateTimeToLive: the engine's expiry sweeper then deletes expired items in the
 * background (engine/expiry-sweeper.ts).
 */
export const updateTimeToLive: DeclaredOperation = {
  requestShape: REQUEST_SHAPE,
  async execute(body, context) {
    const request = validateRequest(REQUEST_SHAPE, body);
    const { AttributeName: attributeName, Enabled: enabled } = request.TimeToLiveSpecification;
    await context.engine.updateTimeToLive(context.namespace, tableNameOf(request.TableName), { attributeName, enabled });
    return { TimeToLiveSpecification: { AttributeName: attributeName, Enabled: enabled } };
  },
};
