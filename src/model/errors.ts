import { AWS_MESSAGES } from './aws-messages.js';

/**
 * DynamoDB's error types. Every failure a client can cause is one of these, thrown
 * inside a request and turned into a DynamoDB error response at the server boundary.
 *
 * `namespace` is the prefix AWS puts before the type in `__type`: request validation
 * comes from the Coral framework's validator, protocol errors from Coral's service
 * layer, and everything else from DynamoDB itself. Clients match on the part after '#'.
 */
export type ErrorNamespace = 'com.amazon.coral.validate' | 'com.amazon.coral.service' | 'com.amazonaws.dynamodb.v20120810';

export class DynamoDBError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode: number = 400,
    readonly namespace: ErrorNamespace = 'com.amazonaws.dynamodb.v20120810',
    /** Extra top-level fields of the error body (e.g. CancellationReasons, Item). */
    readonly extraFields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = type;
  }

  static validation(message: string): DynamoDBError {
    return new DynamoDBError('ValidationException', message, 400, 'com.amazon.coral.validate');
  }

  static serialization(message: string): DynamoDBError {
    return new DynamoDBError('SerializationException', message, 400, 'com.amazon.coral.service');
  }

  static resourceNotFound(message: string = AWS_MESSAGES.resourceNotFound.text): DynamoDBError {
    return new DynamoDBError('ResourceNotFoundException', message);
  }

  static resourceInUse(message: string): DynamoDBError {
    return new DynamoDBError('ResourceInUseException', message);
  }

  static conditionalCheckFailed(extraFields: Readonly<Record<string, unknown>> = {}): DynamoDBError {
    return new DynamoDBError('ConditionalCheckFailedException', 'The conditional request failed', 400, 'com.amazonaws.dynamodb.v20120810', extraFields);
  }

  static internal(message = 'The server encountered an internal error trying to fulfill the request'): DynamoDBError {
    return new DynamoDBError('InternalServerError', message, 500);
  }
}
