/**
 * The headers every bench request carries, from wrk's Lua and from Node alike: a
 * well-formed SigV4 Authorization that the servers parse but do not verify, so that
 * no client spends CPU signing.
 */
export const SIGNED_HEADERS = {
  'Content-Type': 'application/x-amz-json-1.0',
  Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=bench',
  'X-Amz-Date': '20260101T000000Z',
} as const;

/** X-Amz-Target's prefix for each service the servers answer on one port. */
export const DYNAMODB_TARGET = 'DynamoDB_20120810';
export const STREAMS_TARGET = 'DynamoDBStreams_20120810';
