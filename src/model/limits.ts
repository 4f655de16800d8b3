/**
 * Every DynamoDB limit Strata enforces, named once.
 * Source: "Service, account, and table quotas in Amazon DynamoDB" (AWS developer guide)
 * and the DynamoDB API reference, unless a comment says otherwise.
 */

/** Largest item, counting attribute names and values (400 KB). */
export const ITEM_SIZE_BYTES_MAX = 400 * 1024;

/** Partition key values: 1 to 2048 bytes. */
export const PARTITION_KEY_BYTES_MAX = 2048;

/** Sort key values: 1 to 1024 bytes. */
export const SORT_KEY_BYTES_MAX = 1024;

/** Numbers carry at most 38 significant digits. */
export const NUMBER_PRECISION_DIGITS_MAX = 38;

/** Positive numbers: 1E-130 to 9.9999999999999999999999999999999999999E+125, in decimal exponent of the leading digit. */
export const NUMBER_EXPONENT_MIN = -130;
export const NUMBER_EXPONENT_MAX = 125;

/** Table and index names: 3 to 255 characters of [a-zA-Z0-9_.-]. */
export const TABLE_NAME_LENGTH_MIN = 3;
export const TABLE_NAME_LENGTH_MAX = 255;

/**
 * Attribute names: at most 64 KB less one byte, at any depth of an item (AWS accepts
 * 65,535 bytes and refuses 65,536; ExtendDB/extenddb#365 records the service's
 * answers). Key attribute names are held to 255 characters by the API model itself.
 */
export const ATTRIBUTE_NAME_BYTES_MAX = 65_535;

/** Maps and lists nest at most 32 levels deep. */
export const DOCUMENT_NESTING_LEVELS_MAX = 32;

/** ListTables returns at most 100 names per page. */
export const LIST_TABLES_LIMIT_MAX = 100;

/** ListStreams returns at most 100 streams per page, and DescribeStream 100 shards (DynamoDB Streams API, Limit). */
export const STREAMS_LIST_LIMIT_MAX = 100;
export const STREAM_SHARDS_DESCRIBED_MAX = 100;

/** GetRecords returns at most 1,000 records, "or 1 MB of data, whichever comes first" (DynamoDB Streams API, GetRecords). */
export const GET_RECORDS_LIMIT_MAX = 1000;
export const GET_RECORDS_BYTES_MAX = 1024 * 1024;

/** A request body may be at most 16 MB. */
export const REQUEST_BODY_BYTES_MAX = 16 * 1024 * 1024;

/** Provisioned throughput per table or index: 1 to 40,000 units by default account quota; the API accepts up to 2^63-1. */
export const PROVISIONED_CAPACITY_UNITS_MIN = 1;

/** Key schema: one HASH element and at most one RANGE element. */
export const KEY_SCHEMA_ELEMENTS_MAX = 2;
/** A GSI's partition key and its sort key may each have up to four attributes (multi-attribute keys). */
export const INDEX_KEY_ATTRIBUTES_MAX = 4;

/** ProvisionedThroughput may be decreased at most 27 times in a UTC day (4 any time plus one per hour without a decrease). */
export const THROUGHPUT_DECREASES_PER_DAY_MAX = 27;

/** Tags: at most 50 per resource. */
export const TAGS_PER_RESOURCE_MAX = 50;

/** The IN comparator takes at most 100 operands on its right. */
export const IN_OPERANDS_MAX = 100;

/** Each expression string: at most 4 KB. */
export const EXPRESSION_BYTES_MAX = 4096;

/** Operators and function calls in one expression (operator-count.ts says which count). */
export const EXPRESSION_OPERATORS_MAX = 300;

/** An expression attribute name or value placeholder (#name, :value): at most 255 characters. */
export const PLACEHOLDER_LENGTH_MAX = 255;

/** Query and Scan read at most 1 MB of items (by DynamoDB's item sizes) per page. */
export const PAGE_BYTES_MAX = 1024 * 1024;

/** Parallel scan: 1 to 1,000,000 segments. */
export const TOTAL_SEGMENTS_MAX = 1_000_000;

/** Secondary indexes per table: 5 local, 20 global; 100 projected non-key attributes across them. */
export const LOCAL_SECONDARY_INDEXES_MAX = 5;
export const GLOBAL_SECONDARY_INDEXES_MAX = 20;
export const PROJECTED_NON_KEY_ATTRIBUTES_MAX = 100;

/** An item collection (a partition of a table with LSIs, with its LSI entries): at most 10 GB. */
export const ITEM_COLLECTION_BYTES_MAX = 10 * 1024 ** 3;

/** TransactWriteItems and TransactGetItems: actions per request, and their aggregate size. */
export const TRANSACTION_ACTIONS_MAX = 100;
export const TRANSACTION_BYTES_MAX = 4 * 1024 * 1024;
/** BatchGetItem: keys per request, and the response size after which keys are left unprocessed. */
export const BATCH_GET_KEYS_MAX = 100;
export const BATCH_GET_RESPONSE_BYTES_MAX = 16 * 1024 * 1024;
/** BatchWriteItem: put and delete requests per request. */
export const BATCH_WRITE_REQUESTS_MAX = 25;

/**
 * PartiQL ("PartiQL for DynamoDB" and the ExecuteStatement, BatchExecuteStatement and
 * ExecuteTransaction API reference): a statement is 1 to 8,192 characters; a batch
 * holds 1 to 25 statements, a transaction 1 to 100; a NextToken is at most 32,768
 * characters. An IN list fixes at most 50 partition key values ("PartiQL operators",
 * AWS developer guide); a WHERE naming more partitions than that is refused.
 */
export const PARTIQL_STATEMENT_LENGTH_MAX = 8192;
export const PARTIQL_BATCH_STATEMENTS_MAX = 25;
export const PARTIQL_NEXT_TOKEN_LENGTH_MAX = 32768;
export const PARTIQL_PARTITIONS_MAX = 50;
