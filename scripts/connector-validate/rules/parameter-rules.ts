import { swaggerFinding, type Finding } from '../finding.js';
import type { PathSegment } from '../json-path.js';
import { asArray, asRecord, nonBlank, recordEntries, type JsonObject } from '../json-values.js';
import { operationsOf, parametersOf, schemaRootsOf, visibilityOf, walkProperties, type Located } from '../swagger-walk.js';
import { endsWithPunctuation, hasOnlySummaryCharacters, MAX_SUMMARY_LENGTH } from './text-checks.js';

/** Every parameter an operation takes, and every shared one under #/parameters. */
function allParameters(swagger: unknown): Array<Located<JsonObject>> {
  const shared = recordEntries(asRecord(swagger)?.['parameters']).map(([name, value]) => ({ value, at: ['parameters', name] as PathSegment[] }));
  return [...operationsOf(swagger).flatMap((op) => parametersOf(swagger, op)), ...shared];
}

/** Every parameter has an x-ms-summary (its label: at most 80 letters, digits, spaces, parentheses) and a description ending in punctuation. */
export function checkParameterDocumentation(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const { value: p, at } of allParameters(swagger)) {
    const summary = nonBlank(p['x-ms-summary']);
    if (!summary) findings.push(swaggerFinding('ParameterSummaryMissing', [...at, 'x-ms-summary'], `parameter "${String(p['name'])}" needs an x-ms-summary`));
    else if (summary.length > MAX_SUMMARY_LENGTH) findings.push(swaggerFinding('FieldLengthExceeded', [...at, 'x-ms-summary'], `"${summary}" has more than ${MAX_SUMMARY_LENGTH} characters`));
    else if (!hasOnlySummaryCharacters(summary)) findings.push(swaggerFinding('RestrictedCharactersInSummary', [...at, 'x-ms-summary'], `"${summary}" may only contain letters, digits, spaces and parentheses`));
    const description = nonBlank(p['description']);
    if (!description) findings.push(swaggerFinding('ParameterDescriptionMissing', [...at, 'description'], `parameter "${String(p['name'])}" needs a description`));
    else if (!endsWithPunctuation(description)) findings.push(swaggerFinding('DescriptionMustBeSentence', [...at, 'description'], `"${description}" must end with punctuation`));
  }
  return findings;
}

/** Path parameters are required and say how they are URL-encoded (PathParameterMustBeRequired, PathParameterMissingEncoding). */
export function checkPathParameters(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const { value: p, at } of allParameters(swagger)) {
    if (p['in'] !== 'path') continue;
    if (p['required'] !== true) findings.push(swaggerFinding('PathParameterMustBeRequired', [...at, 'required'], `path parameter "${String(p['name'])}" must be required`));
    if (p['x-ms-url-encoding'] === undefined) findings.push(swaggerFinding('PathParameterMissingEncoding', at, `path parameter "${String(p['name'])}" needs "x-ms-url-encoding": "single" (or "double")`));
  }
  return findings;
}

/**
 * A required input the user cannot see (x-ms-visibility internal) must carry a default, or nothing
 * could ever fill it. The webhook callback URL is the exception: the platform fills x-ms-notification-url.
 */
export function checkInternalRequiredDefaults(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const { value: p, at } of allParameters(swagger)) {
    if (p['in'] !== 'body' && visibilityOf(p) === 'internal' && p['required'] === true && !('default' in p)) {
      findings.push(swaggerFinding('InternalRequiredWithoutDefault', at, `parameter "${String(p['name'])}" is internal and required, so it needs a default`));
    }
  }
  for (const root of schemaRootsOf(swagger)) {
    walkProperties(root.value, root.at, ({ name, schema, parent, at }) => {
      const required = (asArray(parent['required']) ?? []).includes(name);
      if (required && visibilityOf(schema) === 'internal' && !('default' in schema) && schema['x-ms-notification-url'] !== true) {
        findings.push(swaggerFinding('InternalRequiredWithoutDefault', at, `property "${name}" is internal and required, so it needs a default`));
      }
    });
  }
  return findings;
}
