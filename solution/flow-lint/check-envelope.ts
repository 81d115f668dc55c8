import { Ajv, type ValidateFunction } from 'ajv';
import type { FlowFinding } from './finding.js';
import { flowFileSchema } from './flow-envelope.schema.js';

// Validates a flow file against flow-envelope.schema.ts. The other checks assume this shape, so a
// file that fails here is reported on this check alone.

let validate: ValidateFunction | undefined;

function validator(): ValidateFunction {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(flowFileSchema);
  return validate;
}

export function checkEnvelope(document: unknown): FlowFinding[] {
  const v = validator();
  if (v(document)) return [];
  return (v.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({
    check: 'envelope' as const,
    path: `$${e.instancePath.replace(/\//g, '.')}`,
    message: `${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params['additionalProperty'])})` : ''}${e.keyword === 'const' || e.keyword === 'enum' ? ` (${JSON.stringify(e.params['allowedValue'] ?? e.params['allowedValues'])})` : ''}`,
  }));
}
