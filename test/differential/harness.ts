import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStrata, type RunningStrata } from '../../src/index.js';
import { canonicalNumber } from '../../src/model/number.js';
import { dynamoDBLocalSkipReason, startDynamoDBLocal, type RunningDynamoDBLocal } from '../support/dynamodb-local.js';

/**
 * Differential testing: every step of a case is sent, as the same raw DynamoDB JSON
 * request, to AWS DynamoDB Local and to Strata, and the two answers must agree: same
 * HTTP status, same error type, same error message, or the same success body once the
 * fields that legitimately differ (timestamps, ARNs, ids) are normalized.
 *
 * DynamoDB Local is not AWS. Where it is known to answer differently from AWS, a step
 * says so with `awsDiffers` (the reason, in words); Strata follows AWS there:
 * - the message is no longer compared, only status and error type;
 * - when even status or type differ, `aws` gives the outcome AWS produces, and Strata's
 *   answer is checked against that instead of DynamoDB Local's.
 */

export type OperationName =
  | 'CreateTable'
  | 'DescribeTable'
  | 'ListTables'
  | 'UpdateTable'
  | 'DeleteTable'
  | 'PutItem'
  | 'GetItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'TransactGetItems'
  | 'TransactWriteItems'
  | 'UpdateTimeToLive'
  | 'DescribeTimeToLive'
  | 'ExecuteStatement'
  | 'BatchExecuteStatement'
  | 'ExecuteTransaction';

/** What AWS answers for a step DynamoDB Local gets wrong. */
export interface AwsOutcome {
  readonly status: number;
  readonly type?: string;
  readonly message?: string;
  /** AWS's success body, normalized as the harness normalizes answers, when its content differs too. */
  readonly body?: unknown;
}

export interface Step {
  readonly operation: OperationName;
  readonly body: Readonly<Record<string, unknown>>;
  /** Why DynamoDB Local's answer to this step is not what AWS answers. */
  readonly awsDiffers?: string;
  /** AWS's outcome, when DynamoDB Local differs in status or error type, not only in message. */
  readonly aws?: AwsOutcome;
  /**
   * The part of an error message to compare, when only part of it is meaningful to
   * compare (the step's author says why where it is set).
   */
  readonly messageKey?: (message: string) => string;
  /**
   * Compare the Items of the answers as sets: Scan walks items in hash order, and
   * Strata's hash is not DynamoDB Local's.
   */
  readonly unorderedItems?: boolean;
  /**
   * Compare as sets the item lists of a Responses map (BatchGetItem returns each table's
   * items in no defined order) and the ConsumedCapacity list (batches and transactions
   * report one entry per table, in no defined order). A Responses list, as TransactGetItems
   * returns in request order, is left as it is.
   */
  readonly unorderedResponses?: boolean;
  /**
   * Send each server the NextToken of its own answer to the step before: tokens are each
   * server's own encoding, so a paging step cannot name one in its body.
   */
  readonly withPreviousNextToken?: boolean;
}

export interface DifferentialCase {
  readonly name: string;
  readonly steps: readonly Step[];
}

/** An answer reduced to what the comparison looks at. */
type Outcome =
  | { readonly status: number; readonly type: string; readonly message: string; readonly cancellationReasons?: unknown }
  | { readonly status: number; readonly body: unknown };

const SIGNING_DATE = '20260101T000000Z';
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, ' +
  'Signature=0000000000000000000000000000000000000000000000000000000000000000';

/**
 * Fields whose values (or presence) are per server and per moment, not behaviour:
 * DynamoDB Local has no TableId and reports LastIncrease/DecreaseDateTime as 0 on
 * tables never changed, where AWS leaves them out.
 */
const VOLATILE_FIELDS = new Set([
  'CreationDateTime',
  'TableArn',
  'IndexArn',
  'TableId',
  'LastUpdateToPayPerRequestDateTime',
  'LastIncreaseDateTime',
  'LastDecreaseDateTime',
]);
const SET_TYPES = new Set(['SS', 'NS', 'BS']);
/** DynamoDB does not define the order in which a description lists a table's indexes. */
const INDEX_LISTS = new Set(['LocalSecondaryIndexes', 'GlobalSecondaryIndexes']);

export type StreamOperationName = 'ListStreams' | 'DescribeStream' | 'GetShardIterator' | 'GetRecords';

export function send(endpoint: string, operation: OperationName, body: unknown): Promise<{ status: number; json: unknown }> {
  return post(endpoint, `DynamoDB_20120810.${operation}`, body);
}

/** A DynamoDB Streams request, to the same endpoint: both servers serve the two services on one port. */
export function sendToStreams(endpoint: string, operation: StreamOperationName, body: unknown): Promise<{ status: number; json: unknown }> {
  return post(endpoint, `DynamoDBStreams_20120810.${operation}`, body);
}

async function post(endpoint: string, target: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': target,
      'X-Amz-Date': SIGNING_DATE,
      Authorization: AUTHORIZATION,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

function isRecord(json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json);
}

/**
 * Drops volatile fields and sorts set members and index lists, whose order DynamoDB does not define.
 * Object key order needs no work: deepStrictEqual ignores it.
 */
export function normalize(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(normalize);
  if (!isRecord(json)) return json;
  const normalized: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (VOLATILE_FIELDS.has(key)) continue;
    if (SET_TYPES.has(key) && Array.isArray(value)) normalized[key] = [...(value as string[])].sort();
    else if (INDEX_LISTS.has(key) && Array.isArray(value))
      normalized[key] = (normalize(value) as Array<{ IndexName?: string }>).sort((a, b) => String(a.IndexName).localeCompare(String(b.IndexName)));
    else normalized[key] = normalize(value);
  }
  return normalized;
}

/**
 * DynamoDB Local returns the results of update arithmetic unnormalized (2.5 + -0.5
 * gives "2.0"), where AWS, like Strata, returns every number in canonical form ("2").
 * Local's numbers are canonicalized before comparing; Strata's are compared as sent.
 */
export function canonicalNumbers(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(canonicalNumbers);
  if (!isRecord(json)) return json;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (key === 'N' && typeof value === 'string') result[key] = canonicalNumber(value);
    else if (key === 'NS' && Array.isArray(value)) result[key] = value.map((member) => canonicalNumber(String(member)));
    else result[key] = canonicalNumbers(value);
  }
  return result;
}

/** JSON text with object keys in sorted order, so equal items print equally. */
function canonicalJson(json: unknown): string {
  if (Array.isArray(json)) return `[${json.map(canonicalJson).join(',')}]`;
  if (!isRecord(json)) return JSON.stringify(json);
  return `{${Object.keys(json)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(json[key])}`)
    .join(',')}}`;
}

function sortedAsSet(list: readonly unknown[]): unknown[] {
  return [...list].sort((a, b) => canonicalJson(a).localeCompare(canonicalJson(b)));
}

function withSortedItems(body: unknown): unknown {
  if (!isRecord(body) || !Array.isArray(body.Items)) return body;
  return { ...body, Items: sortedAsSet(body.Items) };
}

function withSortedResponses(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const sorted: Record<string, unknown> = { ...body };
  const responses = body.Responses;
  if (isRecord(responses))
    sorted.Responses = Object.fromEntries(Object.entries(responses).map(([table, items]) => [table, Array.isArray(items) ? sortedAsSet(items) : items]));
  // By table name, so that a diff pairs each table's entry with its counterpart.
  if (Array.isArray(body.ConsumedCapacity))
    sorted.ConsumedCapacity = [...body.ConsumedCapacity].sort((a, b) =>
      String(isRecord(a) ? a.TableName : '').localeCompare(String(isRecord(b) ? b.TableName : '')),
    );
  return sorted;
}

/**
 * A NextToken is each server's own encoding of where a statement resumes: only its
 * presence is compared. A PartiQL page that stops early also names LastEvaluatedKey
 * on AWS (a response of AWS's quoted in aws/aws-sdk-js#4475), as on Strata; DynamoDB
 * Local leaves it out, so it is not compared for PartiQL.
 */
function withoutResumePositions(operation: OperationName, json: unknown): unknown {
  if (!isRecord(json) || operation !== 'ExecuteStatement') return json;
  const { LastEvaluatedKey: _lastEvaluatedKey, ...rest } = json;
  return rest.NextToken === undefined ? rest : { ...rest, NextToken: '<token>' };
}

const PARTIQL_OPERATIONS: ReadonlySet<OperationName> = new Set(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);
const NOT_WELL_FORMED = "Statement wasn't well formed, can't be processed:";

/** A syntax error's message up to its detail: DynamoDB Local repeats the statement there, Strata names the token. */
function wellFormedHead(message: unknown): unknown {
  return typeof message === 'string' && message.startsWith(NOT_WELL_FORMED) ? NOT_WELL_FORMED : message;
}

/**
 * A PartiQL answer with each syntax error's detail cut off, at the top or in a batch's
 * per-statement errors: only "Statement wasn't well formed, can't be processed:" is
 * each server's to say alike.
 */
function withoutSyntaxDetail(operation: OperationName, json: unknown): unknown {
  if (!PARTIQL_OPERATIONS.has(operation) || !isRecord(json)) return json;
  const result: Record<string, unknown> = { ...json };
  for (const field of ['message', 'Message']) if (field in result) result[field] = wellFormedHead(result[field]);
  if (Array.isArray(json.Responses))
    result.Responses = json.Responses.map((response: unknown) =>
      isRecord(response) && isRecord(response.Error)
        ? { ...response, Error: { ...response.Error, Message: wellFormedHead(response.Error.Message) } }
        : response,
    );
  return result;
}

/** DynamoDB Local writes `Message`, Strata (like AWS) `message`. A cancelled transaction's reasons are compared too. */
function outcomeOf(status: number, json: unknown): Outcome {
  if (status === 200) return { status, body: normalize(json) };
  const fields = isRecord(json) ? json : {};
  const fullType = String(fields.__type ?? '');
  const outcome = { status, type: fullType.slice(fullType.indexOf('#') + 1), message: String(fields.message ?? fields.Message ?? '') };
  return fields.CancellationReasons === undefined ? outcome : { ...outcome, cancellationReasons: normalize(fields.CancellationReasons) };
}

/** The part of an outcome a step compares: all of it, or status and type only. */
function comparable(outcome: Outcome, compareMessage: boolean): Partial<Outcome> {
  if ('body' in outcome || compareMessage) return outcome;
  return { status: outcome.status, type: outcome.type };
}

function describeStep(step: Step, index: number): string {
  return `step ${index + 1}: ${step.operation} ${JSON.stringify(step.body).slice(0, 600)}`;
}

function checkAgainstAws(step: Step, aws: AwsOutcome, strata: Outcome, local: Outcome, label: string): void {
  const expected: Record<string, unknown> = { status: aws.status };
  const actual: Record<string, unknown> = { status: strata.status };
  if (aws.type !== undefined) {
    expected.type = aws.type;
    actual.type = 'type' in strata ? strata.type : undefined;
  }
  if (aws.message !== undefined) {
    expected.message = aws.message;
    actual.message = 'message' in strata ? strata.message : undefined;
  }
  if (aws.body !== undefined) {
    expected.body = normalize(aws.body);
    actual.body = 'body' in strata ? strata.body : undefined;
  }
  assert.deepStrictEqual(
    actual,
    expected,
    `${label}\nStrata must answer as AWS does (DynamoDB Local differs: ${step.awsDiffers ?? 'no reason given'}); DynamoDB Local said ${JSON.stringify(local)}`,
  );
}

/** Each server's last answer in a case, for a step that pages on from it. */
interface LastAnswers {
  local?: unknown;
  strata?: unknown;
}

/** A step's body for one server: with that server's previous NextToken, when the step pages on. */
function bodyFor(step: Step, previous: unknown): Readonly<Record<string, unknown>> {
  if (step.withPreviousNextToken !== true) return step.body;
  const token = isRecord(previous) ? previous.NextToken : undefined;
  return token === undefined ? step.body : { ...step.body, NextToken: token };
}

async function runStep(step: Step, index: number, endpoints: { strata: string; local: string }, last: LastAnswers): Promise<void> {
  const label = describeStep(step, index);
  const localAnswer = await send(endpoints.local, step.operation, bodyFor(step, last.local));
  const strataAnswer = await send(endpoints.strata, step.operation, bodyFor(step, last.strata));
  last.local = localAnswer.json;
  last.strata = strataAnswer.json;
  const keyed = (outcome: Outcome): Outcome => {
    if ('body' in outcome) {
      const items = step.unorderedItems === true ? withSortedItems(outcome.body) : outcome.body;
      return { ...outcome, body: step.unorderedResponses === true ? withSortedResponses(items) : items };
    }
    return step.messageKey === undefined ? outcome : { ...outcome, message: step.messageKey(outcome.message) };
  };
  const comparableJson = (json: unknown): unknown => withoutSyntaxDetail(step.operation, withoutResumePositions(step.operation, json));
  const local = keyed(outcomeOf(localAnswer.status, comparableJson(canonicalNumbers(localAnswer.json))));
  const strata = keyed(outcomeOf(strataAnswer.status, comparableJson(strataAnswer.json)));
  if (step.aws !== undefined) {
    checkAgainstAws(step, step.aws, strata, local, label);
    return;
  }
  const compareMessage = step.awsDiffers === undefined;
  assert.deepStrictEqual(
    comparable(strata, compareMessage),
    comparable(local, compareMessage),
    `${label}\nStrata (actual) and DynamoDB Local (expected) disagree${compareMessage ? '' : ` (message not compared: ${step.awsDiffers})`}`,
  );
}

/** Both servers' endpoints, once `before` has started them. */
export interface Endpoints {
  readonly strata: string;
  readonly local: string;
}

/**
 * A describe block with DynamoDB Local and Strata started once before its tests and
 * stopped after them; skipped where DynamoDB Local cannot run. `body` declares the
 * tests, which read the endpoints when they run.
 */
export function describeAgainstDynamoDBLocal(title: string, body: (endpoints: Endpoints) => void): void {
  const skipReason = dynamoDBLocalSkipReason();
  describe(title, skipReason === undefined ? {} : { skip: skipReason }, () => {
    let local: RunningDynamoDBLocal | undefined;
    let strata: RunningStrata | undefined;
    before(async () => {
      [local, strata] = await Promise.all([startDynamoDBLocal(), startStrata()]);
    });
    after(async () => {
      await Promise.all([local?.stop(), strata?.close()]);
    });
    body({
      get strata() {
        return strata!.endpoint;
      },
      get local() {
        return local!.endpoint;
      },
    });
  });
}

/**
 * One describe block per test file: starts DynamoDB Local and Strata once, then runs
 * each case as a test. Cases share both servers, so each uses its own table names.
 */
export function differentialSuite(title: string, cases: readonly DifferentialCase[]): void {
  describeAgainstDynamoDBLocal(title, (endpoints) => {
    for (const testCase of cases) {
      it(testCase.name, async () => {
        const last: LastAnswers = {};
        for (const [index, step] of testCase.steps.entries()) await runStep(step, index, endpoints, last);
      });
    }
  });
}

let tableCounter = 0;

/** A table name no other case in this process uses. */
export function freshTableName(prefix = 'diff'): string {
  tableCounter++;
  return `${prefix}-${tableCounter}`;
}

export type KeyType = 'S' | 'N' | 'B';

export interface KeyDeclaration {
  readonly hash: readonly [name: string, type: KeyType];
  readonly range?: readonly [name: string, type: KeyType];
}

/** A well-formed CreateTable request for a table with this key, on demand unless told otherwise. */
export function createTableBody(
  tableName: string,
  key: KeyDeclaration,
  extra: Record<string, unknown> = { BillingMode: 'PAY_PER_REQUEST' },
): Record<string, unknown> {
  const elements = key.range === undefined ? [key.hash] : [key.hash, key.range];
  return {
    TableName: tableName,
    KeySchema: elements.map(([name], index) => ({ AttributeName: name, KeyType: index === 0 ? 'HASH' : 'RANGE' })),
    AttributeDefinitions: elements.map(([name, type]) => ({ AttributeName: name, AttributeType: type })),
    ...extra,
  };
}

export function step(operation: OperationName, body: Readonly<Record<string, unknown>>, deviation: Pick<Step, 'awsDiffers' | 'aws'> = {}): Step {
  return { operation, body, ...deviation };
}

/**
 * A Query whose key condition lacks the partition key: AWS names the attribute missed
 * (answers quoted in dynamoose/dynamoose#353 and MitocGroup/deep-framework#596), where
 * DynamoDB Local's message stops before the name.
 */
export function missedPartitionKey(attributeName: string): Pick<Step, 'awsDiffers' | 'aws'> {
  return {
    awsDiffers: 'AWS names the key attribute the condition misses',
    aws: { status: 400, type: 'ValidationException', message: `Query condition missed key schema element: ${attributeName}` },
  };
}
