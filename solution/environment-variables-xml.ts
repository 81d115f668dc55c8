import type { Crm } from './documented-flows.js';
import type { EnvironmentVariableSpec } from './platform-names.js';
import { el, renderXml, text } from './xml.js';

// environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml
// (power-platform-formats.md §3.6). No current values travel: each environment sets its own.

const TYPE_CODES = { String: 100000000, Boolean: 100000002 } as const;

export function environmentVariablePath(v: EnvironmentVariableSpec): string {
  return `environmentvariabledefinitions/${v.schemaName}/environmentvariabledefinition.xml`;
}

export function environmentVariableXml(v: EnvironmentVariableSpec, crm: Crm, version: string): string {
  const defaultValue = v.defaultValue[crm];
  return renderXml(el('environmentvariabledefinition', { schemaname: v.schemaName },
    defaultValue === undefined ? undefined : text('defaultvalue', defaultValue),
    el('description', { default: v.description }, el('label', { description: v.description, languagecode: '1033' })),
    el('displayname', { default: v.displayName }, el('label', { description: v.displayName, languagecode: '1033' })),
    text('introducedversion', version),
    text('iscustomizable', 1),
    text('isrequired', v.required ? 1 : 0),
    text('secretstore', 0),
    text('type', TYPE_CODES[v.type])));
}
