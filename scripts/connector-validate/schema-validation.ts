import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { apiPropertiesFinding, swaggerFinding, type Finding } from './finding.js';
import { pointerSegments } from './json-path.js';
import { isRecord } from './json-values.js';

// Checks the two connector files against the JSON Schemas that microsoft/PowerPlatformConnectors
// publishes (read from the workplace's shared/schemas/). They date from 2020 and are a baseline, not
// the certification validator; the certification rules live in rules/.

// Both packages are CommonJS, so under NodeNext a default import is typed as the whole module object.
// ajv-draft-04 also sets `exports.default` on its class, so `.default` is the class at runtime too.
const Ajv04 = ajvDraft04.default;
const addFormats = addFormatsModule as unknown as (ajv: Ajv | InstanceType<typeof Ajv04>) => unknown;
const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';
const compiled = new WeakMap<object, ValidateFunction>();

// strict: false because both schemas carry keywords Ajv does not know: VS Code's `defaultSnippets`
// and vendor keys. Unknown keywords are annotations, as the JSON Schema specifications say.
const OPTIONS: Options = { allErrors: true, strict: false };

function compileDraft04(schema: object): ValidateFunction {
  // ajv-draft-04 registers the draft-04 meta-schema, which the swagger schema $refs by its absolute
  // URI (http://json-schema.org/draft-04/schema#/definitions/positiveInteger, ...). Draft-04 ignores
  // keywords next to $ref and Ajv applies them (its opt-out is deprecated), but the swagger schema has
  // none, so the two agree.
  const ajv = new Ajv04(OPTIONS);
  addFormats(ajv);
  return ajv.compile(schema);
}

function compileDraft07(schema: Record<string, unknown>): ValidateFunction {
  // paconn-apiProperties.schema.json declares draft-07 but names itself with draft-04's `id`, which
  // draft-07 ignores and Ajv 8 refuses outright; drop it.
  const { id: _ignoredDraft04Id, ...rest } = schema;
  const ajv = new Ajv(OPTIONS);
  addFormats(ajv);
  return ajv.compile(rest);
}

function validatorFor(schema: unknown, expectedDialect: 'draft-04' | 'draft-07'): ValidateFunction {
  if (!isRecord(schema)) throw new Error('the JSON Schema is not an object');
  const isDraft04 = schema['$schema'] === DRAFT_04;
  if (isDraft04 !== (expectedDialect === 'draft-04')) {
    throw new Error(`expected a ${expectedDialect} schema, found $schema ${String(schema['$schema'])}`);
  }
  const cached = compiled.get(schema);
  if (cached) return cached;
  const validate = isDraft04 ? compileDraft04(schema) : compileDraft07(schema);
  compiled.set(schema, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const params = Object.entries(error.params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  return `${error.message ?? error.keyword}${params ? ` (${params})` : ''} [schema ${error.schemaPath}]`;
}

/** apiDefinition.swagger.json against apiDefinition.swagger.schema.json (draft-04). */
export function validateSwaggerSchema(swagger: unknown, swaggerSchema: unknown): Finding[] {
  const validate = validatorFor(swaggerSchema, 'draft-04');
  if (validate(swagger)) return [];
  return (validate.errors ?? []).map((e) => swaggerFinding('SwaggerSchema', pointerSegments(e.instancePath), describe(e)));
}

/** apiProperties.json against paconn-apiProperties.schema.json (draft-07). */
export function validateApiPropertiesSchema(apiProperties: unknown, apiPropertiesSchema: unknown): Finding[] {
  const validate = validatorFor(apiPropertiesSchema, 'draft-07');
  if (validate(apiProperties)) return [];
  return (validate.errors ?? []).map((e) => apiPropertiesFinding('ApiPropertiesSchema', pointerSegments(e.instancePath), describe(e)));
}
