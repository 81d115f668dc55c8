import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { DataverseClient } from '../api/dataverse/client.js';
import { environmentBase, type DataverseTokenProvider } from '../api/dataverse/config.js';
import { createDataverseTokenProvider, dataverseScope } from '../api/dataverse/msal-client-credentials.js';
import { UsageCounter } from '../api/dataverse/usage.js';
import { ConfigError, loadConfig, type AppConfig } from '../api/config/load.js';
import { SANDBOX_AUTHORITY } from '../api/compose/connections.js';
import { createLoopbackNetworkClient } from '../api/partner-center/token-provider.js';
import { sandboxIdentityDefaults } from '../sandbox/identity/index.js';

// Where the command connects and how it gets tokens, as api/compose/crm-sync.ts does for the sync:
// the DATAVERSE_* variables (an application user: client secret or certificate), or a running
// sandbox's identity provider and Dataverse emulator. The variables are checked with the product's
// one configuration schema; a secret's value never appears in an error.

const DATAVERSE_KEYS = [
  'DATAVERSE_URL', 'DATAVERSE_TENANT_ID', 'DATAVERSE_CLIENT_ID', 'DATAVERSE_CLIENT_SECRET',
  'DATAVERSE_CERTIFICATE_FILE', 'DATAVERSE_CERTIFICATE_THUMBPRINT', 'DATAVERSE_AUTHORITY',
] as const;

export interface DataverseTarget {
  readonly environmentUrl: string;
  readonly tokens: DataverseTokenProvider;
}

/** The environment named by the DATAVERSE_* variables; a ConfigError lists every missing or invalid one. */
export function environmentTarget(source: Readonly<Record<string, string | undefined>>): DataverseTarget {
  const picked: Record<string, string | undefined> = {};
  for (const key of DATAVERSE_KEYS) picked[key] = source[key];
  const problems: string[] = [];
  let env: AppConfig['env'] | undefined;
  try {
    ({ env } = loadConfig(picked));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const set = (key: (typeof DATAVERSE_KEYS)[number]): boolean => picked[key] !== undefined && picked[key] !== '';
  for (const key of ['DATAVERSE_URL', 'DATAVERSE_TENANT_ID', 'DATAVERSE_CLIENT_ID'] as const) if (!set(key)) problems.push(`${key}: is required`);
  if (!set('DATAVERSE_CLIENT_SECRET') && !(set('DATAVERSE_CERTIFICATE_FILE') && set('DATAVERSE_CERTIFICATE_THUMBPRINT'))) {
    problems.push('DATAVERSE_CLIENT_SECRET: is required, unless DATAVERSE_CERTIFICATE_FILE and DATAVERSE_CERTIFICATE_THUMBPRINT are set');
  }
  if (problems.length > 0 || env === undefined) throw new ConfigError(problems);
  const url = env.DATAVERSE_URL!;
  return {
    environmentUrl: environmentBase(url),
    tokens: createDataverseTokenProvider({
      authority: env.DATAVERSE_AUTHORITY,
      tenantId: env.DATAVERSE_TENANT_ID!,
      clientId: env.DATAVERSE_CLIENT_ID!,
      credential: env.DATAVERSE_CLIENT_SECRET !== undefined
        ? { kind: 'secret', clientSecret: env.DATAVERSE_CLIENT_SECRET }
        : { kind: 'certificate', thumbprintSha256: env.DATAVERSE_CERTIFICATE_THUMBPRINT!, privateKeyPem: readCertificateKey(env.DATAVERSE_CERTIFICATE_FILE!) },
      scope: dataverseScope(url),
    }),
  };
}

/**
 * The Dataverse environment of a running sandbox (`npm run sandbox` or `npm start` in sandbox mode),
 * given its base URL as printed at start-up (`http://127.0.0.1:3000/sandbox`), with the sandbox's own
 * application user.
 */
export function sandboxTarget(sandboxUrl: string): DataverseTarget {
  const base = sandboxUrl.replace(/\/+$/, '');
  const d = sandboxIdentityDefaults();
  return {
    environmentUrl: environmentBase(`${base}/dataverse`),
    tokens: createDataverseTokenProvider({
      authority: SANDBOX_AUTHORITY, tenantId: d.tenantId, clientId: d.dataverse.clientId,
      credential: { kind: 'secret', clientSecret: d.dataverse.clientSecret }, scope: d.dataverse.scope,
      networkClient: createLoopbackNetworkClient((u) => u.replace(SANDBOX_AUTHORITY, `${base}/identity`)),
    }),
  };
}

/** The product's Web API client: OData headers, token refresh on 401, Retry-After on 429/503. */
export function dataverseClient(target: DataverseTarget, sleep: (ms: number) => Promise<void> = (ms) => delay(ms)): DataverseClient {
  return new DataverseClient({
    environmentUrl: target.environmentUrl,
    tokens: target.tokens,
    retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 },
    timeoutMs: 120_000,
    sleep,
    random: Math.random,
    usage: new UsageCounter(),
  });
}

function readCertificateKey(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`DATAVERSE_CERTIFICATE_FILE: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}
