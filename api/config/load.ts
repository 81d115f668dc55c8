import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { CONFIG_SCHEMA, PARTNER_CENTER_CREDENTIALS, PRODUCTION_REQUIRED, SECRET_KEYS } from './schema.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type Props = typeof CONFIG_SCHEMA.properties;
type ValueOf<S> = S extends { type: 'integer' } ? number : S extends { type: 'boolean' } ? boolean : string;
export type RawConfig = { -readonly [K in keyof Props]: Props[K] extends { default: unknown } ? ValueOf<Props[K]> : ValueOf<Props[K]> | undefined };

export interface PartnerCenterCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface AppConfig {
  mode: 'sandbox' | 'live';
  env: RawConfig;
  host: string;
  /** Present in live mode; in sandbox mode the sandbox issues its own. */
  partnerCenter: PartnerCenterCredentials | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Checks the environment against the one schema and reports every problem at once.
 * Sandbox mode is chosen only when no Partner Center credential is set and NODE_ENV is not production.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(CONFIG_SCHEMA);
  const env: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_SCHEMA.properties)) {
    const v = source[key];
    if (v !== undefined && v !== '') env[key] = v;
  }
  const problems: string[] = [];
  if (!validate(env)) {
    for (const e of validate.errors ?? []) {
      const key = e.instancePath.replace(/^\//, '') || String((e.params as { missingProperty?: string }).missingProperty ?? '');
      const shown = SECRET_KEYS.has(key) ? '' : ` (got ${JSON.stringify(env[key])})`;
      problems.push(`${key}: ${e.message ?? 'is not valid'}${shown}`);
    }
  }
  const raw = env as RawConfig;
  const hasAnyCredential = PARTNER_CENTER_CREDENTIALS.some((k) => raw[k] !== undefined);
  const production = raw.NODE_ENV === 'production';
  const mode: AppConfig['mode'] = production || hasAnyCredential ? 'live' : 'sandbox';
  if (mode === 'live') {
    const required = production ? PRODUCTION_REQUIRED : [...PARTNER_CENTER_CREDENTIALS, 'AUTH_TENANT_IDS', 'AUTH_AUDIENCE'] as const;
    for (const key of required) {
      if (raw[key] === undefined) problems.push(`${key}: is required${production ? ' when NODE_ENV=production' : ' once any Partner Center credential is set'}`);
    }
  }
  if (mode === 'live' && raw.CRM !== undefined && raw.CRM.includes(',')) {
    problems.push(`CRM: names one CRM in live mode, where a process serves one partner tenant (got ${JSON.stringify(raw.CRM)}); run a process per tenant`);
  }
  if (mode === 'live' && raw.CRM === 'salesforce') {
    if (raw.SALESFORCE_CLIENT_ID === undefined) problems.push('SALESFORCE_CLIENT_ID: is required when CRM=salesforce');
    if (raw.SALESFORCE_CLIENT_SECRET === undefined && (raw.SALESFORCE_USERNAME === undefined || raw.SALESFORCE_PRIVATE_KEY_FILE === undefined)) {
      problems.push('SALESFORCE_CLIENT_SECRET: is required when CRM=salesforce, unless SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE are set (JWT bearer)');
    }
  }
  if (mode === 'live' && raw.CRM === 'dynamics365') {
    for (const key of ['DATAVERSE_URL', 'DATAVERSE_TENANT_ID', 'DATAVERSE_CLIENT_ID'] as const) if (raw[key] === undefined) problems.push(`${key}: is required when CRM=dynamics365`);
    if (raw.DATAVERSE_CLIENT_SECRET === undefined && (raw.DATAVERSE_CERTIFICATE_FILE === undefined || raw.DATAVERSE_CERTIFICATE_THUMBPRINT === undefined)) {
      problems.push('DATAVERSE_CLIENT_SECRET: is required when CRM=dynamics365, unless DATAVERSE_CERTIFICATE_FILE and DATAVERSE_CERTIFICATE_THUMBPRINT are set');
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const partnerCenter = mode === 'live'
    ? { tenantId: raw.PARTNER_CENTER_TENANT_ID!, clientId: raw.PARTNER_CENTER_CLIENT_ID!, clientSecret: raw.PARTNER_CENTER_CLIENT_SECRET!, refreshToken: raw.PARTNER_CENTER_REFRESH_TOKEN! }
    : undefined;
  return { mode, env: raw, host: raw.HOST ?? (mode === 'sandbox' ? '127.0.0.1' : '0.0.0.0'), partnerCenter };
}

export function csv(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
