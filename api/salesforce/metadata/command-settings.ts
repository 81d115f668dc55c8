/**
 * The deploy command's settings, read from the environment in one place. Every problem is listed at
 * once; secrets have no defaults and never appear in a message (only their variable names do).
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_SALESFORCE_API_VERSION, type SalesforceLogin } from './connect.js';

export const SALESFORCE_ENV = {
  loginUrl: 'SALESFORCE_LOGIN_URL',
  clientId: 'SALESFORCE_CLIENT_ID',
  clientSecret: 'SALESFORCE_CLIENT_SECRET',
  username: 'SALESFORCE_USERNAME',
  privateKeyFile: 'SALESFORCE_PRIVATE_KEY_FILE',
  apiVersion: 'SALESFORCE_API_VERSION',
} as const;

export type LoginSettings = { ok: true; login: SalesforceLogin } | { ok: false; problems: string[] };

type Env = Readonly<Record<string, string | undefined>>;

export async function loginFromEnv(env: Env): Promise<LoginSettings> {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const problems: string[] = [];
  const loginUrl = value(SALESFORCE_ENV.loginUrl);
  if (loginUrl === undefined) problems.push(`${SALESFORCE_ENV.loginUrl} is required (your My Domain URL, e.g. https://acme.my.salesforce.com)`);
  else if (!isAllowedLoginUrl(loginUrl)) problems.push(`${SALESFORCE_ENV.loginUrl} must be an https URL (http only for localhost)`);
  const clientId = value(SALESFORCE_ENV.clientId);
  if (clientId === undefined) problems.push(`${SALESFORCE_ENV.clientId} is required (the connected app's consumer key)`);
  const apiVersion = value(SALESFORCE_ENV.apiVersion) ?? DEFAULT_SALESFORCE_API_VERSION;
  if (!/^\d{2,3}\.0$/.test(apiVersion)) problems.push(`${SALESFORCE_ENV.apiVersion} must look like 62.0`);

  const clientSecret = value(SALESFORCE_ENV.clientSecret);
  const username = value(SALESFORCE_ENV.username);
  const privateKeyFile = value(SALESFORCE_ENV.privateKeyFile);
  const jwt = username !== undefined || privateKeyFile !== undefined;
  if (clientSecret !== undefined && jwt) {
    problems.push(`set either ${SALESFORCE_ENV.clientSecret} (client credentials) or ${SALESFORCE_ENV.username} and ${SALESFORCE_ENV.privateKeyFile} (JWT bearer), not both`);
  } else if (clientSecret === undefined && !jwt) {
    problems.push(`${SALESFORCE_ENV.clientSecret} is required, or ${SALESFORCE_ENV.username} and ${SALESFORCE_ENV.privateKeyFile} for the JWT bearer flow`);
  } else if (jwt && (username === undefined || privateKeyFile === undefined)) {
    problems.push(`the JWT bearer flow needs both ${SALESFORCE_ENV.username} and ${SALESFORCE_ENV.privateKeyFile}`);
  }
  let privateKeyPem: string | undefined;
  if (clientSecret === undefined && privateKeyFile !== undefined) {
    try {
      privateKeyPem = await readFile(privateKeyFile, 'utf8');
    } catch {
      problems.push(`${SALESFORCE_ENV.privateKeyFile}: cannot read ${privateKeyFile}`);
    }
  }
  if (problems.length === 0 && loginUrl !== undefined && clientId !== undefined) {
    if (clientSecret !== undefined) return { ok: true, login: { kind: 'clientCredentials', loginUrl, clientId, clientSecret, apiVersion } };
    if (username !== undefined && privateKeyPem !== undefined) return { ok: true, login: { kind: 'jwtBearer', loginUrl, clientId, username, privateKeyPem, apiVersion } };
  }
  return { ok: false, problems };
}

function isAllowedLoginUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
