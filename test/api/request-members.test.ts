import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dynamoDBOperationLoaders } from '../../src/api/operations.js';
import type { Shape } from '../../src/api/validation/shape.js';
import { API_MODEL_MISSING, loadApiModel, type ApiModel } from '../support/api-model.js';

/**
 * Every member of every served operation's input, as AWS's API model declares it,
 * must be declared in Strata's request shape: honoured, or REFUSED, never silently
 * dropped (the validator ignores members a shape does not declare). The model is
 * botocore's copy, so this holds Strata to the model as installed, nested structures
 * included, and fails when a new AWS member appears that Strata has not decided on.
 */

const model = loadApiModel();

/** Paths (Operation.Member.Member...) of model members that Strata's shape does not declare. */
function undeclaredMembers(model: ApiModel, modelShapeName: string, shape: Shape, path: string): string[] {
  const modelShape = model.shapes[modelShapeName];
  assert.ok(modelShape !== undefined, `${modelShapeName} is not in the model`);
  if (modelShape.type === 'list' && shape.type === 'list') {
    return undeclaredMembers(model, modelShape.member!.shape, shape.member, `${path}[]`);
  }
  if (modelShape.type === 'map' && shape.type === 'map') {
    return undeclaredMembers(model, modelShape.value!.shape, shape.value, `${path}{}`);
  }
  if (modelShape.type !== 'structure' || shape.type !== 'structure') return [];
  return Object.entries(modelShape.members ?? {}).flatMap(([name, member]) => {
    const declared = shape.members[name];
    if (declared === undefined) return [`${path}.${name}`];
    return undeclaredMembers(model, member.shape, declared, `${path}.${name}`);
  });
}

describe('request members against the API model', { skip: model === undefined ? API_MODEL_MISSING : false }, () => {
  for (const [operationName, load] of Object.entries(dynamoDBOperationLoaders)) {
    it(`${operationName} declares or refuses every member of its input`, async () => {
      const operation = await load();
      const input = model!.operations[operationName]?.input.shape;
      assert.ok(input !== undefined, `${operationName} is not an operation of the model`);
      assert.deepEqual(undeclaredMembers(model!, input, operation.requestShape, operationName), []);
    });
  }
});
