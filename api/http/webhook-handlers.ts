import { PartnerCenterConflictError, type PartnerCenterWebhooksClient, type PcWebhookRegistration } from '../partner-center/webhooks-client.js';
import type { OperationHandlers, RequestContext } from './operation-types.js';
import { ProblemError } from './problem.js';

/** What the co-sell connectors register (2021), plus test-created so test events can be sent. */
export const DEFAULT_WEBHOOK_EVENTS = ['referral-created', 'referral-updated', 'related-referral-created', 'related-referral-updated', 'test-created'];

export function receiverUrl(ctx: RequestContext): string {
  return `${ctx.baseUrl}/webhooks/partner-center/${encodeURIComponent(ctx.tenantId)}`;
}

/** Registration, proxied to the caller's partner tenant's Partner Center webhook API, which allows one URL per event. */
export function webhookHandlers(webhooksFor: (tenantId: string) => PartnerCenterWebhooksClient): Pick<OperationHandlers,
  'GetWebhookRegistration' | 'RegisterWebhook' | 'UpdateWebhookRegistration' | 'ListWebhookEvents' | 'SendTestWebhookEvent' | 'GetTestWebhookEventResults'> {
  const present = (r: PcWebhookRegistration, ctx: RequestContext) => ({ ...r, receivesHere: r.webhookUrl === receiverUrl(ctx) });
  const desired = (body: { webhookUrl?: string; webhookEvents?: string[] } | undefined, ctx: RequestContext) => ({
    webhookUrl: body?.webhookUrl ?? receiverUrl(ctx),
    webhookEvents: body?.webhookEvents ?? DEFAULT_WEBHOOK_EVENTS,
    signatureTokenToMsSignatureHeader: false,
  });
  const elsewhere = (existing: PcWebhookRegistration) => new ProblemError('webhook_registered_elsewhere',
    `Partner Center already sends these events to ${existing.webhookUrl}; it allows one URL per event. Set overwriteExisting to true to send them here instead.`,
    { errors: [{ field: 'body/overwriteExisting', message: 'must be true to replace the existing registration' }] });

  return {
    async GetWebhookRegistration(_input, ctx) {
      const registration = await webhooksFor(ctx.tenantId).getRegistration();
      if (!registration) throw new ProblemError('not_found', 'This partner has no Partner Center webhook registration; register one with POST /v1/webhooks/registration.');
      return { status: 200, body: present(registration, ctx) };
    },

    /** POST; a 409 (already registered) becomes an update when it points here already or overwriting is allowed. */
    async RegisterWebhook({ body }, ctx) {
      const want = desired(body, ctx);
      try {
        return { status: 200, body: present(await webhooksFor(ctx.tenantId).register(want), ctx) };
      } catch (err) {
        if (!(err instanceof PartnerCenterConflictError)) throw err;
      }
      const existing = await webhooksFor(ctx.tenantId).getRegistration();
      if (existing && existing.webhookUrl !== want.webhookUrl && body?.overwriteExisting !== true) throw elsewhere(existing);
      return { status: 200, body: present(await webhooksFor(ctx.tenantId).update(want), ctx) };
    },

    async UpdateWebhookRegistration({ body }, ctx) {
      const want = desired(body, ctx);
      const existing = await webhooksFor(ctx.tenantId).getRegistration();
      if (!existing) throw new ProblemError('not_found', 'There is no registration to update; register one with POST /v1/webhooks/registration.');
      if (existing.webhookUrl !== want.webhookUrl && body.overwriteExisting !== true) throw elsewhere(existing);
      return { status: 200, body: present(await webhooksFor(ctx.tenantId).update(want), ctx) };
    },

    async ListWebhookEvents(_input, ctx) {
      return { status: 200, body: { value: await webhooksFor(ctx.tenantId).listEvents() } };
    },

    async SendTestWebhookEvent(_input, ctx) {
      try {
        return { status: 200, body: { correlationId: await webhooksFor(ctx.tenantId).sendTestEvent() } };
      } catch (err) {
        if (err instanceof PartnerCenterConflictError) throw new ProblemError('conflict', `Partner Center refused the test event: ${err.message}`);
        throw err;
      }
    },

    async GetTestWebhookEventResults({ path }, ctx) {
      const results = await webhooksFor(ctx.tenantId).getTestEventResults(path.correlationId);
      if (!results) throw new ProblemError('not_found', `There is no test event ${path.correlationId}; Partner Center keeps them for seven days.`);
      return { status: 200, body: results };
    },
  };
}
