/**
 * `POST /services/oauth2/token` (form-encoded): client credentials and JWT bearer. Answers
 * `{access_token, instance_url, id, token_type, issued_at, signature}`; errors are
 * `{error, error_description}` with 400, as Salesforce's token endpoint answers them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Clock } from '../../../api/domain/clock.js';
import { ORG_ID } from '../ids.js';
import type { SObjectRecord } from '../schema/types.js';
import { OAuthError, verifyAssertion } from './jwt-bearer.js';
import type { SessionStore } from './sessions.js';

export interface SalesforceClientApp {
  clientId: string;
  /** Needed for client credentials; also keys the response `signature`. */
  clientSecret?: string;
  /** SPKI PEM of the certificate uploaded to the app, for the JWT bearer flow. */
  jwtPublicKeyPem?: string;
  /** The client-credentials "Run As" user; default the integration user. */
  runAsUsername?: string;
}

export interface TokenEndpointDependencies {
  clients: readonly SalesforceClientApp[];
  userByUsername(username: string): SObjectRecord | undefined;
  defaultRunAs: () => string;
  sessions: SessionStore;
  clock: Clock;
  /** The emulator's base URL: instance URL and login URL (My Domain) alike. */
  baseUrl: (req: Request) => string;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const LOGIN_AUDIENCES = ['https://login.salesforce.com', 'https://test.salesforce.com'];

export function tokenEndpoint(deps: TokenEndpointDependencies): Router {
  const router = express.Router();
  router.post('/services/oauth2/token', express.urlencoded({ extended: false }), issueToken(deps));
  router.all('/services/oauth2/token', (_req, res) => {
    res.status(405).json({ error: 'invalid_request', error_description: 'must use HTTP POST' });
  });
  return router;
}

function issueToken(deps: TokenEndpointDependencies): RequestHandler {
  return async (req, res) => {
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    try {
      const base = deps.baseUrl(req);
      const grant = form.grant_type;
      let result: { client: SalesforceClientApp; user: SObjectRecord };
      if (grant === 'client_credentials') result = clientCredentials(deps, req, form);
      else if (grant === JWT_BEARER) result = await jwtBearer(deps, form, [base, ...LOGIN_AUDIENCES]);
      else throw new OAuthError('unsupported_grant_type', 'grant type not supported');
      const session = deps.sessions.issue(String(result.user.Id), result.client.clientId);
      const id = `${base}/id/${ORG_ID}/${String(result.user.Id)}`;
      const issuedAt = String(session.issuedAt);
      res.status(200).json({
        access_token: session.token,
        ...(result.client.clientSecret ? { signature: createHmac('sha256', result.client.clientSecret).update(id + issuedAt).digest('base64') } : {}),
        scope: 'api',
        instance_url: base,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      res.status(error.status).json({ error: error.error, error_description: error.description });
    }
  };
}

function clientCredentials(deps: TokenEndpointDependencies, req: Request, form: Record<string, string | undefined>): { client: SalesforceClientApp; user: SObjectRecord } {
  const basic = basicCredentials(req);
  const clientId = form.client_id ?? basic?.id;
  const secret = form.client_secret ?? basic?.secret;
  const client = deps.clients.find((c) => c.clientId === clientId);
  if (!client) throw new OAuthError('invalid_client_id', 'client identifier invalid');
  if (!client.clientSecret || secret === undefined || !sameSecret(secret, client.clientSecret)) throw new OAuthError('invalid_client', 'invalid client credentials');
  const user = deps.userByUsername(client.runAsUsername ?? deps.defaultRunAs());
  if (!user || user.IsActive !== true) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
  return { client, user };
}

async function jwtBearer(deps: TokenEndpointDependencies, form: Record<string, string | undefined>, audiences: string[]): Promise<{ client: SalesforceClientApp; user: SObjectRecord }> {
  if (!form.assertion) throw new OAuthError('invalid_request', 'assertion is required');
  const { clientId, username } = await verifyAssertion(form.assertion, deps.clients, audiences, deps.clock);
  const client = deps.clients.find((c) => c.clientId === clientId)!;
  const user = deps.userByUsername(username);
  if (!user || user.IsActive !== true) throw new OAuthError('invalid_grant', 'user hasn\'t approved this consumer');
  return { client, user };
}

function basicCredentials(req: Request): { id: string; secret: string } | undefined {
  const header = req.get('authorization');
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  return at < 0 ? undefined : { id: decodeURIComponent(decoded.slice(0, at)), secret: decodeURIComponent(decoded.slice(at + 1)) };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
