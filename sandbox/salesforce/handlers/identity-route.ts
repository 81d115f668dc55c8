/** `GET /id/{orgId}/{userId}`: the identity URL in token responses (jsforce `conn.identity()`). */
import express, { type Router } from 'express';
import { authenticate, sessionOf } from '../auth/authenticate.js';
import type { SessionStore } from '../auth/sessions.js';
import { SalesforceError } from '../errors.js';
import { ORG_ID } from '../ids.js';
import type { ApiContext } from './api-context.js';

export function identityRoute(ctx: ApiContext, sessions: SessionStore, baseUrl: () => string): Router {
  const r = express.Router();
  r.get('/id/:orgId/:userId', authenticate(sessions), (req, res) => {
    const user = ctx.store.get('User', String(req.params.userId));
    if (req.params.orgId !== ORG_ID || !user || user.Id !== sessionOf(res).userId) {
      throw new SalesforceError(403, 'FORBIDDEN', 'Bad_Id');
    }
    const base = baseUrl();
    res.status(200).json({
      id: `${base}/id/${ORG_ID}/${String(user.Id)}`, asserted_user: true, user_id: user.Id, organization_id: ORG_ID,
      username: user.Username, nick_name: user.Alias, display_name: user.Name, email: user.Email, active: user.IsActive,
      user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: 0,
      urls: { rest: `${base}/services/data/v{version}/`, sobjects: `${base}/services/data/v{version}/sobjects/`, query: `${base}/services/data/v{version}/query/`, metadata: `${base}/services/Soap/m/{version}/` },
    });
  });
  r.use('/id', ((error, _req, res, next) => {
    if (!(error instanceof SalesforceError)) { next(error); return; }
    res.status(error.status).json(error.toBody());
  }) as express.ErrorRequestHandler);
  return r;
}
