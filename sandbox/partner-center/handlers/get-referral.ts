/** `GET /v1.0/engagements/referrals/{id}`: one referral with `@odata.context` and an ETag header. */
import type { RequestHandler } from 'express';
import type { EmulatorContext } from '../emulator-context.js';
import { itemNotFound } from '../errors.js';
import { present } from '../representation.js';

export function getReferral(ctx: EmulatorContext): RequestHandler<{ id: string }> {
  return (req, res) => {
    const referral = ctx.store.peek(req.params.id);
    if (!referral) throw itemNotFound(req.params.id);
    if (typeof referral.eTag === 'string') res.set('ETag', referral.eTag);
    res.status(200).json(present(referral, ctx.baseUrl(req, res), { entity: true }));
  };
}
