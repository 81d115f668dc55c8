/**
 * Bearer tokens for the environment's resource (crm-apis.md §4.7). An app token (client
 * credentials) acts as the application user registered for its client id (`appid`/`azp`); a
 * delegated token as the user with its Entra object id (`oid`). A missing or invalid token is 401
 * with an empty body and `WWW-Authenticate`, as Dataverse answers; a valid token with no enabled
 * user in the environment is 403.
 */
import type { RequestHandler } from 'express';
import { CODES, DataverseError } from './errors.js';
import type { RecordStore } from './store/record-store.js';

export type VerifyAccessToken = (token: string) => Promise<Record<string, unknown>>;

export function authenticate(verify: VerifyAccessToken, store: RecordStore, authorizationUri: () => string | undefined): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const challenge = () => {
      const uri = authorizationUri();
      res.status(401).set('WWW-Authenticate', uri ? `Bearer authorization_uri=${uri}` : 'Bearer').end();
    };
    if (!match) { challenge(); return; }
    let claims: Record<string, unknown>;
    try {
      claims = await verify(match[1]!);
    } catch {
      challenge();
      return;
    }
    const userId = callerOf(claims, store);
    if (!userId) throw new DataverseError(403, CODES.notMemberOfOrganization, 'The user is not a member of the organization.');
    res.locals.dataverseUserId = userId;
    next();
  };
}

function callerOf(claims: Record<string, unknown>, store: RecordStore): string | undefined {
  const appId = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : undefined;
  const isApp = claims.idtyp === 'app' || claims.scp === undefined;
  for (const user of store.rows('systemuser')) {
    if (user.isdisabled === true) continue;
    if (isApp ? user.applicationid === appId : user.azureactivedirectoryobjectid === claims.oid) return user.systemuserid as string;
  }
  return undefined;
}
