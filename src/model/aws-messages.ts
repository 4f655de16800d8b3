/**
 * AWS DynamoDB's own words for the errors where a public record shows what AWS itself
 * (not DynamoDB Local) answered, each beside where it was seen. The code throws these
 * texts from here, so that the evidence for a message sits with it and a message shared
 * by several places is worded once. Messages thrown elsewhere follow DynamoDB Local, as
 * the differential tests check, or are Strata's own where neither is on record (said
 * where they are thrown).
 *
 * The texts are the bare messages of the records below. Since June 2026 AWS has been
 * wrapping many validation messages in "1 validation error detected: …", region by
 * region (nubo-db/dynamodb-conformance captures/2026-06-09-validation-rewording.json;
 * paritysuite/dynamodb-conformance captures/cross-region-latest.json, 2026-09-20);
 * the attribute name limit was first recorded with that wrapper, and keeps it.
 */

export interface AwsMessage<Text> {
  readonly text: Text;
  /** Where AWS's answer with this wording is on public record. */
  readonly source: string;
}

const INVALID = 'One or more parameter values were invalid: ';

export const AWS_MESSAGES = {
  resourceNotFound: {
    text: 'Requested resource not found',
    source: 'hashicorp-education/learn-terraform-aft-account-request#4 (PutItem, 2022); 10up/wp-local-docker-v2#30 (us-east-1, 2019)',
  },
  tableNotFound: {
    text: (tableName: string): string => `Requested resource not found: Table: ${tableName} not found`,
    source: 'joshsymonds/Dynamoid#110 (DescribeTable, 2013); localstack/localstack#9030 (DescribeTimeToLive against AWS, 2023)',
  },
  tableExists: {
    text: (tableName: string): string => `Table already exists: ${tableName}`,
    source: 'joshsymonds/Dynamoid#178 (2014); jbelyeu/SV-plaudit#4 (2018)',
  },
  keySchemaAttributeCount: {
    text: `${INVALID}Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions`,
    source: 'aws-cloudformation/cfn-lint#1037 (aws dynamodb create-table, 2019)',
  },
  missingKey: {
    text: (attributeName: string): string => `${INVALID}Missing the key ${attributeName} in the item`,
    source: 'KaleFive/Categorize#2 (2019); aws-samples/aws-serverless-workshops#31 (2017)',
  },
  keyTypeMismatch: {
    text: (attributeName: string, expected: string, actual: string): string =>
      `${INVALID}Type mismatch for key ${attributeName} expected: ${expected} actual: ${actual}`,
    source: 'ministackorg/ministack#1432 (measured against AWS, 2026); baopham/laravel-dynamodb#1 (us-east-1, 2015)',
  },
  keyMismatch: {
    text: 'The provided key element does not match the schema',
    source: 'MitocGroup/deep-framework#538 (2017); paritysuite/dynamodb-conformance captures/cross-region-latest.json (2026-09-20)',
  },
  partitionKeyTooLarge: {
    // AWS's text has no space before the number.
    text: (limitBytes: number): string => `${INVALID}Size of hashkey has exceeded the maximum size limit of${limitBytes} bytes`,
    source: 'amazon-archives/dynamodb-janusgraph-storage-backend#296 (2018); facebook/ThreatExchange#1324 (Query, 2023)',
  },
  sortKeyTooLarge: {
    text: (limitBytes: number): string => `${INVALID}Aggregated size of all range keys has exceeded the size limit of ${limitBytes} bytes`,
    source: 'ExtendDB/extenddb#194 (captured with the AWS CLI, 2026); formkiq/formkiq-core#271 (2024)',
  },
  indexKeyTooLarge: {
    text: (attributeName: string, sizeBytes: number, sizeBytesMax: number, indexName: string): string =>
      `${INVALID}Size limit exceeded for Index Key ${attributeName} Actual Size: ${sizeBytes} bytes Max Size: ${sizeBytesMax} bytes IndexName: ${indexName}`,
    source: 'wellcomecollection/platform#2285 (2018); architect/dynalite#35 (an AWS answer quoted in the issue)',
  },
  itemTooLarge: {
    text: 'Item size has exceeded the maximum allowed size',
    source: 'forta-network/starter-kits#252 (PutItem, 2023); justinram11/langgraph-checkpoint-dynamodb#2 (2024)',
  },
  /** An update whose result would pass the item size limit: UpdateItem's own wording (DynamoDB Local's too). */
  updatedItemTooLarge: {
    text: 'Item size to update has exceeded the maximum allowed size',
    source: 'Chainlit/chainlit#1776 (UpdateItem through boto3, 2025)',
  },
  attributeNameTooLarge: {
    text: (limitBytes: number): string => `1 validation error detected: Attribute name is too large, must be less than ${limitBytes + 1} bytes`,
    source: 'ExtendDB/extenddb#365 (measured against the service, 2026-09-16)',
  },
  emptyAttributeValue: {
    text: 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    source: 'aws/aws-sdk-js#43 (2013); aws/aws-sdk-js#381 (2014)',
  },
  // "An string set  may not be empty": AWS's grammar and its double space.
  emptyStringSet: {
    text: `${INVALID}An string set  may not be empty`,
    source: 'Sage-Bionetworks/BridgePF#905 (2015); getmoto/moto#8022 (checked against an AWS account, 2024)',
  },
  emptyNumberSet: {
    text: `${INVALID}An number set  may not be empty`,
    source: 'paritysuite/dynamodb-conformance captures/cross-region-latest.json (b_put_empty_ns, 2026-09-20)',
  },
  nullFalse: {
    text: `${INVALID}Null attribute value types must have the value of true`,
    source: 'nubo-db/dynoxide#145 (every region, 2026-07-21)',
  },
  nestingTooDeep: {
    text: 'Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit',
    source: 'nubo-db/dynoxide#110 (captured against AWS in eu-west-2, 2026-06-26)',
  },
  base64Length: {
    text: (length: number): string => `Base64 encoded length is expected a multiple of 4 bytes but found: ${length}`,
    source: 'scylladb/scylladb#6487 (a SerializationException, 2020)',
  },
  gsiConsistentRead: {
    text: 'Consistent reads are not supported on global secondary indexes',
    source: 'Layr-Labs/eigenda#1900 (2025); amazon-archives/dynamodb-geo#16 (2016)',
  },
  queryMissedKey: {
    text: (attributeName: string): string => `Query condition missed key schema element: ${attributeName}`,
    source: 'dynamoose/dynamoose#353 (2018)',
  },
  queryStartKeyInvalid: {
    text: 'The provided starting key is invalid',
    source: 'pynamodb/PynamoDB#50 (Query, 2014); clarkie/dynogels#184 (Query of an index, 2019); floci-io/floci#1443 (2026)',
  },
  scanStartKeyInvalid: {
    text: 'The provided starting key is invalid: The provided key element does not match the schema',
    source: 'baopham/laravel-dynamodb#200 (Scan in ap-east-1, 2019); floci-io/floci#1443 (2026)',
  },
  startKeyOutsideSegment: {
    text: (totalSegments: number, segment: number): string =>
      `The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: ${totalSegments} Segment: ${segment}`,
    source: 'scylladb/scylladb#9270 (a run against AWS quoted in review, 2021)',
  },
  transactionCancelled: {
    text: (reasonCodes: readonly string[]): string =>
      `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasonCodes.join(', ')}]`,
    source: 'sensedeep/dynamodb-onetable#275 (2022); aws/aws-sdk-js#2464 (2018)',
  },
  transactionSameItem: {
    text: 'Transaction request cannot include multiple operations on one item',
    source: 'nubo-db/dynamodb-conformance tests/tier3/error-messages/transactWriteItems.test.ts (pinned to AWS, 2026)',
  },
  streamAlreadyEnabled: {
    text: (tableName: string): string => `Table already has an enabled stream: TableName: ${tableName}`,
    source:
      'aws-controllers-k8s/community#1000; hashicorp/terraform-provider-aws#18402; "ack-api-quirks" catalogue of us-west-2 probes, DDB-TABLE-050 (2026-10)',
  },
  streamNotEnabled: {
    text: (tableName: string): string => `Table has no stream to disable: TableName: ${tableName}`,
    source: 'aws-controllers-k8s/community#2782',
  },
  streamDisabledWithViewType: {
    text: `${INVALID}If stream is being disabled, then UpdateViewType must not be specified`,
    source: 'hashicorp/terraform-provider-aws#1134 (2017)',
  },
  tableCreatedWithoutStreamWithViewType: {
    text: `${INVALID}Table is being created with a stream disabled, UpdateViewType should not be specified`,
    source: 'nubo-db/dynoxide#115 (live eu-west-2)',
  },
  shardNotFound: {
    text: 'Requested resource not found: Shard does not exist',
    source: 'amazon-archives/logstash-input-dynamodb#4 (GetShardIterator, with an AWS request id)',
  },
} as const satisfies Record<string, AwsMessage<string | ((...args: never[]) => string)>>;
