import { swaggerFinding, type Finding } from '../finding.js';
import { asRecord, asString, nonBlank } from '../json-values.js';
import { operationsOf, parametersOf, resolve, responsesOf } from '../swagger-walk.js';
import { endsWithAlphanumeric, hasOnlySummaryCharacters, isSentence, MAX_SUMMARY_LENGTH, sameText } from './text-checks.js';

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;

/** Every operation has a unique PascalCase operationId without '-' or '_' (coding-standards.md). */
export function checkOperationIds(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  const firstUse = new Map<string, string>();
  for (const op of operationsOf(swagger)) {
    const at = [...op.at, 'operationId'];
    const id = asString(op.operation['operationId']);
    if (!id) {
      findings.push(swaggerFinding('OperationIdRequired', at, `${op.method.toUpperCase()} ${op.path} needs an operationId`));
      continue;
    }
    if (/[-_]/.test(id)) findings.push(swaggerFinding('OperationIdSanitized', at, `"${id}" must not contain '-' or '_'`));
    else if (!PASCAL_CASE.test(id)) findings.push(swaggerFinding('OperationIdNotPascalCase', at, `"${id}" must be PascalCase letters and digits`));
    const other = firstUse.get(id);
    if (other !== undefined) findings.push(swaggerFinding('OperationIdNotUnique', at, `"${id}" is also the operationId of ${other}`));
    else firstUse.set(id, `${op.method.toUpperCase()} ${op.path}`);
  }
  return findings;
}

/**
 * Every operation has a summary (its title in the designer): at most 80 characters of letters,
 * digits, spaces and parentheses, ending with a letter, digit or ')', and not a copy of the description.
 */
export function checkOperationSummaries(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const op of operationsOf(swagger)) {
    const at = [...op.at, 'summary'];
    const summary = nonBlank(op.operation['summary']);
    if (!summary) {
      findings.push(swaggerFinding('OperationSummaryMissing', at, 'every operation needs a summary'));
      continue;
    }
    if (summary.length > MAX_SUMMARY_LENGTH) findings.push(swaggerFinding('OperationSummaryTooLong', at, `"${summary}" has ${summary.length} characters; at most ${MAX_SUMMARY_LENGTH}`));
    if (!hasOnlySummaryCharacters(summary)) findings.push(swaggerFinding('RestrictedCharactersInSummary', at, `"${summary}" may only contain letters, digits, spaces and parentheses`));
    if (!endsWithAlphanumeric(summary) && !summary.endsWith(')')) findings.push(swaggerFinding('ValueMustEndWithAlphanumeric', at, `"${summary}" must end with a letter, digit or ')'`));
    const description = asString(op.operation['description']);
    if (description !== undefined && sameText(summary, description)) findings.push(swaggerFinding('SummaryEqualsDescription', at, 'the summary must differ from the description'));
  }
  return findings;
}

/** Every operation has a description that is a full sentence ending in punctuation. */
export function checkOperationDescriptions(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const op of operationsOf(swagger)) {
    const at = [...op.at, 'description'];
    const description = nonBlank(op.operation['description']);
    if (!description) findings.push(swaggerFinding('OperationDescriptionMissing', at, 'every operation needs a description'));
    else if (!isSentence(description)) findings.push(swaggerFinding('DescriptionMustBeSentence', at, `"${description}" must start with a capital letter and end with punctuation`));
  }
  return findings;
}

/** GET operations take no body or formData parameter (BodyOrFormDataParameterInFetchOperationNotAllowed). */
export function checkNoBodyOnGet(swagger: unknown): Finding[] {
  return operationsOf(swagger)
    .filter((op) => op.method === 'get')
    .flatMap((op) => parametersOf(swagger, op))
    .filter((p) => p.value['in'] === 'body' || p.value['in'] === 'formData')
    .map((p) => swaggerFinding('BodyOrFormDataParameterInFetchOperationNotAllowed', p.at, `a GET operation cannot take a ${String(p.value['in'])} parameter`));
}

export const NEXT_LINK_NAMES: readonly string[] = ['nextLink', '@odata.nextLink'];

/** x-ms-pageable names its next link nextLink or @odata.nextLink, and the success response has that property. */
export function checkPageable(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const op of operationsOf(swagger)) {
    const pageable = op.operation['x-ms-pageable'];
    if (pageable === undefined) continue;
    const at = [...op.at, 'x-ms-pageable', 'nextLinkName'];
    const name = asString(asRecord(pageable)?.['nextLinkName']);
    if (name === undefined || !NEXT_LINK_NAMES.includes(name)) {
      findings.push(swaggerFinding('PageableNextLinkNameNotValid', at, `nextLinkName must be one of ${NEXT_LINK_NAMES.join(', ')}, found ${JSON.stringify(name)}`));
      continue;
    }
    const success = responsesOf(swagger, op).find((r) => /^2\d\d$/.test(r.code));
    const schema = success && resolve(swagger, success.value['schema'], [...success.at, 'schema']);
    if (schema && !asRecord(schema.value['properties'])?.[name]) {
      findings.push(swaggerFinding('PageableNextLinkPropertyMissing', at, `the ${success.code} response schema has no "${name}" property`));
    }
  }
  return findings;
}
