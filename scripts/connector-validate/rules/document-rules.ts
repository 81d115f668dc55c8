import { swaggerFinding, type Finding } from '../finding.js';
import type { PathSegment } from '../json-path.js';
import { asArray, asRecord, asString, isRecord } from '../json-values.js';
import { operationsOf } from '../swagger-walk.js';

/** The swagger is Swagger 2.0: Power Automate accepts no other version (SpecificationVersionIncorrect). */
export function checkSwaggerVersion(swagger: unknown): Finding[] {
  const version = asRecord(swagger)?.['swagger'];
  return version === '2.0' ? [] : [swaggerFinding('SpecificationVersionIncorrect', ['swagger'], `must be the string "2.0", found ${JSON.stringify(version)}`)];
}

export const MAX_SWAGGER_BYTES = 1024 * 1024;

/** The definition file is smaller than 1 MB (define-openapi-definition.md). */
export function checkSwaggerSize(swaggerByteLength: number): Finding[] {
  return swaggerByteLength < MAX_SWAGGER_BYTES
    ? []
    : [swaggerFinding('DefinitionTooLarge', [], `the file is ${swaggerByteLength} bytes; it must be under ${MAX_SWAGGER_BYTES} (1 MB)`)];
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const BARE_HOST = new RegExp(`^${LABEL}(?:\\.${LABEL})*(?::[0-9]{1,5})?$`);

/** host is a bare host name, optionally with a port: no scheme, no path (HostNameNotValid). */
export function checkHost(swagger: unknown): Finding[] {
  const host = asRecord(swagger)?.['host'];
  if (typeof host !== 'string' || host === '') return [swaggerFinding('HostNameNotValid', ['host'], 'a host name is required')];
  if (BARE_HOST.test(host)) return [];
  const why = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? 'remove the scheme' : host.includes('/') ? 'remove the path (use basePath)' : 'only letters, digits, dots, hyphens and a :port are allowed';
  return [swaggerFinding('HostNameNotValid', ['host'], `"${host}" is not a bare host name: ${why}`)];
}

/** securityDefinitions and a top-level security requirement exist, and every requirement names a definition. */
export function checkSecurity(swagger: unknown): Finding[] {
  const doc = asRecord(swagger);
  const definitions = asRecord(doc?.['securityDefinitions']);
  const findings: Finding[] = [];
  if (!definitions || Object.keys(definitions).length === 0) {
    findings.push(swaggerFinding('SecurityDefinitionsMissing', ['securityDefinitions'], 'declare how the connector authenticates'));
  }
  const security = asArray(doc?.['security']);
  if (!security || security.length === 0) {
    findings.push(swaggerFinding('SecurityRequirementMustBeDefined', ['security'], 'a top-level security requirement is required'));
  }
  const requirementLists: Array<[unknown, readonly PathSegment[]]> = [
    [doc?.['security'], ['security']],
    ...operationsOf(swagger).map((op): [unknown, readonly PathSegment[]] => [op.operation['security'], [...op.at, 'security']]),
  ];
  for (const [list, at] of requirementLists) {
    (asArray(list) ?? []).forEach((requirement, i) => {
      for (const name of Object.keys(isRecord(requirement) ? requirement : {})) {
        if (!definitions || !(name in definitions)) {
          findings.push(swaggerFinding('SecurityRequirementNotDefined', [...at, i, name], `"${name}" is not in securityDefinitions`));
        }
      }
    });
  }
  return findings;
}

export const ALLOWED_MIME_TYPES: readonly string[] = ['application/json', 'text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];

/** consumes and produces, at the top and on operations, use only the MIME types connectors accept (MimeTypeNotValid). */
export function checkMimeTypes(swagger: unknown): Finding[] {
  const doc = asRecord(swagger);
  const owners: Array<[unknown, readonly PathSegment[]]> = [[doc, []], ...operationsOf(swagger).map((op): [unknown, readonly PathSegment[]] => [op.operation, op.at])];
  const findings: Finding[] = [];
  for (const [owner, at] of owners) {
    for (const key of ['consumes', 'produces'] as const) {
      (asArray(asRecord(owner)?.[key]) ?? []).forEach((mime, i) => {
        const type = asString(mime);
        if (type === undefined || !ALLOWED_MIME_TYPES.includes(type)) {
          findings.push(swaggerFinding('MimeTypeNotValid', [...at, key, i], `${JSON.stringify(mime)} is not one of ${ALLOWED_MIME_TYPES.join(', ')}`));
        }
      });
    }
  }
  return findings;
}
