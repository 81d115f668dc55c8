/**
 * Bearer authentication for the webhook registration API. Unlike the Referrals API it takes "both
 * standalone App and App+User credentials" (WH-DOCS), so a verified app-only token is accepted; the
 * token's audience is `https://api.partnercenter.microsoft.com`, which the injected verifier checks.
 */
import type { RequestHandler } from 'express';
import type { VerifyAccessToken } from '../auth.js';
import { unauthenticated } from '../errors.js';

export function authenticateWebhookApi(verify: VerifyAccessToken | undefined): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      throw unauthenticated('The Authorization header is missing; send Authorization: Bearer <token>.');
    }
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (token === undefined) throw unauthenticated('The Authorization header must use the Bearer scheme.');
    if (verify) {
      try {
        await verify(token);
      } catch {
        throw unauthenticated('The access token is invalid or has expired.');
      }
    }
    next();
  };
}
