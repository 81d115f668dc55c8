import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../../api/domain/clock.js';

/**
 * An error the token endpoint answers in Entra's JSON shape. `aadsts` is the AADSTS number Entra puts in
 * `error_codes` and at the start of `error_description`; `status` is the HTTP status Entra uses for it.
 */
export class EntraError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'EntraError';
  }
}

/** The AADSTS errors the sandbox reproduces; texts are Entra's, with the same placeholders. */
export const entraErrors = {
  /** The token endpoint says `invalid_request`; the discovery documents say `invalid_tenant`. */
  tenantNotFound: (tenant: string, error: 'invalid_request' | 'invalid_tenant' = 'invalid_request') => new EntraError(400, error, 90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  missingParameter: (name: string) => new EntraError(400, 'invalid_request', 900144,
    `The request body must contain the following parameter: '${name}'.`),
  malformedRequest: () => new EntraError(400, 'invalid_request', 9002313,
    'Invalid request. Request is malformed or invalid.'),
  unsupportedGrantType: (grantType: string) => new EntraError(400, 'unsupported_grant_type', 70003,
    `The app requested an unsupported grant type '${grantType}'.`),
  applicationNotFound: (clientId: string, tenant: string) => new EntraError(400, 'unauthorized_client', 700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  missingClientCredential: () => new EntraError(401, 'invalid_client', 7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  invalidClientSecret: (clientId: string) => new EntraError(401, 'invalid_client', 7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`),
  clientCredentialsScope: (scope: string) => new EntraError(400, 'invalid_scope', 1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  invalidScope: (scope: string) => new EntraError(400, 'invalid_scope', 70011,
    `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`),
  moreThanOneResource: (scope: string) => new EntraError(400, 'invalid_scope', 28000,
    `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`),
  resourceNotFound: (resource: string, tenant: string) => new EntraError(400, 'invalid_resource', 500011,
    `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  invalidRefreshToken: () => new EntraError(400, 'invalid_grant', 9002313,
    'Invalid request. Request is malformed or invalid.'),
  refreshTokenOtherClient: () => new EntraError(400, 'invalid_grant', 70000,
    'Provided grant is invalid or malformed.'),
} as const;

/** Entra's timestamp form: `2026-01-01 00:00:00Z`. */
function entraTimestamp(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** MSAL sends `client-request-id` (query and header); Entra echoes it as the correlation id. */
export function correlationIdOf(req: Request): string {
  const fromQuery = req.query['client-request-id'];
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  return req.get('client-request-id') ?? randomUUID();
}

export function sendEntraError(req: Request, res: Response, err: EntraError, clock: Clock): void {
  const timestamp = entraTimestamp(clock());
  const traceId = randomUUID();
  const correlationId = correlationIdOf(req);
  res
    .status(err.status)
    .set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': traceId, 'client-request-id': correlationId })
    .json({
      error: err.error,
      error_description: `${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [err.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${err.aadsts}`,
    });
}
