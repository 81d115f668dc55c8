import { swaggerFinding, type Finding } from '../finding.js';
import { nonBlank } from '../json-values.js';
import { resolve, schemaRootsOf, walkProperties } from '../swagger-walk.js';
import { endsWithPunctuation, MAX_SUMMARY_LENGTH } from './text-checks.js';

/**
 * Every schema property, at any depth in definitions and inline schemas, has an x-ms-summary (its
 * label, at most 80 characters) and a description ending in punctuation. A property written as a bare
 * $ref takes both from the definition it points to.
 */
export function checkPropertyDocumentation(swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  for (const root of schemaRootsOf(swagger)) {
    walkProperties(root.value, root.at, ({ name, schema, at }) => {
      const target = typeof schema['$ref'] === 'string' ? resolve(swagger, schema, at) : undefined;
      const from = (key: string): string | undefined => nonBlank(schema[key]) ?? nonBlank(target?.value[key]);
      const where = target ? ` (nor does ${String(schema['$ref'])})` : '';
      const summary = from('x-ms-summary');
      const description = from('description');
      if (!summary) findings.push(swaggerFinding('PropertySummaryMissing', at, `property "${name}" has no x-ms-summary${where}`));
      else if (summary.length > MAX_SUMMARY_LENGTH) findings.push(swaggerFinding('FieldLengthExceeded', at, `the x-ms-summary of "${name}" has more than ${MAX_SUMMARY_LENGTH} characters`));
      if (!description) findings.push(swaggerFinding('PropertyDescriptionMissing', at, `property "${name}" has no description${where}`));
      else if (!endsWithPunctuation(description)) findings.push(swaggerFinding('DescriptionMustBeSentence', at, `the description of "${name}" must end with punctuation: "${description}"`));
    });
  }
  return findings;
}
