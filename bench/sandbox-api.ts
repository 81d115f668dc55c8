import type { AppConfig } from '../api/config/load.js';
import { sandboxIdentityDefaults } from '../sandbox/identity/index.js';
import { assertLoopback } from './load.js';

/** A client-credentials token for the connector API from the product's own sandbox identity provider. */
/** A token from the sandbox identity provider served at `sandboxRoot` (the product's URL, or a separate sandbox's). */
export async function sandboxApiToken(sandboxRoot: string, config: AppConfig): Promise<string> {
  const url = `${sandboxRoot}/sandbox/identity/${sandboxIdentityDefaults().tenantId}/oauth2/v2.0/token`;
  assertLoopback(url);
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.env.SANDBOX_CLIENT_ID,
      client_secret: config.env.SANDBOX_CLIENT_SECRET,
      scope: config.env.SANDBOX_API_SCOPE,
    }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`sandbox token request failed: ${res.status} ${await res.text()}`);
  const token = ((await res.json()) as { access_token?: unknown }).access_token;
  if (typeof token !== 'string') throw new Error('sandbox token response has no access_token');
  return token;
}

/** One GET that must answer 200 with JSON; benchmarks use it to check a target before loading it. */
export async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  assertLoopback(url);
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}
