import { swaggerFinding, type Finding } from '../finding.js';
import { isRecord } from '../json-values.js';
import { operationsOf, responsesOf } from '../swagger-walk.js';

const SUCCESS = /^2\d\d$/;
/** Success codes that normally carry no body: 202 Accepted and 204 No Content. */
const BODYLESS_SUCCESS: readonly string[] = ['202', '204'];

function isEmptySchema(schema: unknown): boolean {
  return isRecord(schema) && Object.keys(schema).filter((k) => k !== 'description' && k !== 'title').length === 0;
}

/**
 * Every operation has a success response, and each 2xx response other than 202/204 has a schema
 * (a non-empty one unless it is dynamic): the designer builds its outputs from it.
 */
export function checkSuccessResponses(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const op of operationsOf(swagger)) {
    const responses = responsesOf(swagger, op);
    if (!responses.some((r) => SUCCESS.test(r.code))) {
      findings.push(swaggerFinding('OperationShouldHaveSuccessfulResponse', [...op.at, 'responses'], 'declare at least one 2xx response'));
    }
    for (const r of responses) {
      if (!SUCCESS.test(r.code) || BODYLESS_SUCCESS.includes(r.code)) continue;
      const schema = r.value['schema'];
      if (schema === undefined) findings.push(swaggerFinding('SuccessResponseSchemaMissing', r.at, `the ${r.code} response needs a schema`));
      else if (isEmptySchema(schema) && r.value['x-ms-dynamic-schema'] === undefined) {
        findings.push(swaggerFinding('SuccessResponseSchemaEmpty', [...r.at, 'schema'], `the ${r.code} response schema is empty`));
      }
    }
  }
  return findings;
}

/** A default response has no schema (DefaultResponseHasSchema). */
export function checkDefaultResponses(swagger: unknown): Finding[] {
  return operationsOf(swagger).flatMap((op) =>
    responsesOf(swagger, op)
      .filter((r) => r.code === 'default' && r.value['schema'] !== undefined)
      .map((r) => swaggerFinding('DefaultResponseHasSchema', [...r.at, 'schema'], 'a default response must not define a schema')),
  );
}

/** At most one response per operation has a schema: the designer uses only one (OperationHasManyResponsesWithSchema). */
export function checkSingleResponseSchema(swagger: unknown): Finding[] {
  return operationsOf(swagger).flatMap((op) => {
    const withSchema = responsesOf(swagger, op).filter((r) => r.value['schema'] !== undefined).map((r) => r.code);
    return withSchema.length > 1
      ? [swaggerFinding('OperationHasManyResponsesWithSchema', [...op.at, 'responses'], `responses ${withSchema.join(', ')} all have a schema; keep one`)]
      : [];
  });
}
