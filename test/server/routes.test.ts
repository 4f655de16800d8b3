import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Operation, RequestContext } from '../../src/api/context.js';
import { loadedOnFirstUse } from '../../src/api/operation-registry.js';
import { dynamoDBOperations } from '../../src/api/operations.js';
import { streamOperations } from '../../src/api/stream-operations.js';
import { answerPreflight, serveHealthCheck } from '../../src/server/answers.js';
import { findRoute } from '../../src/server/routes.js';
import { findTargetedOperation, type Service } from '../../src/server/serve-operations.js';

describe('routes', () => {
  it('serves the health check on GET and HEAD of every path', () => {
    for (const path of ['/', '/health', '//']) {
      assert.equal(findRoute('GET', path), serveHealthCheck, path);
      assert.equal(findRoute('HEAD', path), serveHealthCheck, path);
    }
  });

  it('serves the operations on POST of every path', () => {
    const operations = findRoute('POST', '/');
    assert.notEqual(operations, undefined);
    assert.notEqual(operations, serveHealthCheck);
    assert.notEqual(operations, answerPreflight);
    for (const path of ['//', '/tables', '/console']) assert.equal(findRoute('POST', path), operations, path);
  });

  it('answers preflights on OPTIONS of every path, the asterisk included', () => {
    for (const path of ['/', '/tables', '*']) assert.equal(findRoute('OPTIONS', path), answerPreflight, path);
  });

  it('routes no other method, nor a method spelled otherwise', () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'CONNECT', 'TRACE', 'post', 'get', undefined]) {
      assert.equal(findRoute(method, '/'), undefined, String(method));
    }
  });
});

describe('the services behind POST', () => {
  const operation = (name: string): Operation => ({ execute: () => Promise.resolve({ name }) });
  const getItem = operation('GetItem');
  const listStreams = operation('ListStreams');
  const services: Service[] = [
    { targetPrefix: 'DynamoDB_20120810.', operations: new Map([['GetItem', getItem]]) },
    { targetPrefix: 'DynamoDBStreams_20120810.', operations: new Map([['ListStreams', listStreams]]) },
  ];

  it("finds each operation under its own service's prefix only", () => {
    assert.equal(findTargetedOperation(services, 'DynamoDB_20120810.GetItem'), getItem);
    assert.equal(findTargetedOperation(services, 'DynamoDBStreams_20120810.ListStreams'), listStreams);
    for (const target of [
      'DynamoDB_20120810.ListStreams',
      'DynamoDBStreams_20120810.GetItem',
      'DynamoDB_20111205.GetItem',
      'dynamodb_20120810.GetItem',
      'DynamoDB_20120810.',
      'GetItem',
      '',
      undefined,
      ['DynamoDB_20120810.GetItem'],
    ]) {
      assert.equal(findTargetedOperation(services, target), undefined, String(target));
    }
  });

  it('has every DynamoDB operation Strata serves, and the four DynamoDB Streams operations', () => {
    assert.ok(dynamoDBOperations.has('GetItem'));
    assert.ok(dynamoDBOperations.has('TransactWriteItems'));
    assert.deepEqual([...streamOperations.keys()], ['ListStreams', 'DescribeStream', 'GetShardIterator', 'GetRecords']);
  });

  it('loads an operation once, on its first request, and then serves it directly', async () => {
    let loads = 0;
    const registry = loadedOnFirstUse({
      Echo: () => {
        loads++;
        return Promise.resolve(operation('Echo'));
      },
    });
    const standIn = registry.get('Echo')!;
    assert.equal(loads, 0, 'nothing loads at start');
    const context = {} as RequestContext;
    assert.deepEqual(await Promise.all([standIn.execute({}, context), standIn.execute({}, context)]), [{ name: 'Echo' }, { name: 'Echo' }]);
    assert.equal(loads, 1, 'concurrent first requests share one load');
    assert.notEqual(registry.get('Echo'), standIn, 'the loaded operation has taken the stand-in place');
  });
});
