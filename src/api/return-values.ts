import { DynamoDBError } from '../model/errors.js';
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
