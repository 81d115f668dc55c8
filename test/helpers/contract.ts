import assert from 'node:assert/strict';
import type { Response } from 'supertest';
import type { OperationId } from '../../api/contract/index.js';
import { buildValidators, schemaValidator } from '../../api/contract/validators.js';

const validators = buildValidators();
const problem = schemaValidator('Problem');

/** Checks a response against the contract: the documented schema for successes, Problem for errors. */
export function assertMatchesContract(res: Response, operationId: OperationId): void {
  const ops = validators.get(operationId);
  assert.ok(ops, `unknown operation ${operationId}`);
  if (res.status < 400) {
    const validate = ops.responses.get(String(res.status));
    assert.ok(validate, `${operationId} does not document status ${res.status}: ${JSON.stringify(res.body)}`);
    assert.ok(validate(res.body), `${operationId} ${res.status} body breaks the contract: ${JSON.stringify(validate.errors)}`);
  } else {
    assertProblem(res);
  }
}

export function assertProblem(res: Response, code?: string, status?: number): void {
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  assert.ok(problem(body), `problem body breaks the contract: ${JSON.stringify(problem.errors)} ${res.text}`);
  if (code !== undefined) assert.equal(body['code'], code, res.text);
  if (status !== undefined) assert.equal(res.status, status, res.text);
  assert.equal(body['status'], res.status);
}

export function problemOf(res: Response): { code: string; detail: string; errors?: Array<{ field: string; message: string }> } {
  return JSON.parse(res.text) as { code: string; detail: string; errors?: Array<{ field: string; message: string }> };
}
