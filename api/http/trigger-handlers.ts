import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import type { Storage, Subscription, TriggerEvent } from '../storage/types.js';
import type { OperationHandlers } from './operation-types.js';
import { ProblemError } from './problem.js';

export interface TriggerOptions {
  clock: Clock;
  /** Sandbox and tests: http callbacks to loopback hosts are allowed; Power Automate's are always https. */
  allowLoopbackHttp: boolean;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function checkCallbackUrl(value: string, allowLoopbackHttp: boolean): void {
  let url: URL;
  try { url = new URL(value); } catch {
    throw new ProblemError('validation_failed', 'The callback URL is not a URL.', { errors: [{ field: 'body/callbackUrl', message: 'is not an absolute URL' }] });
  }
  const ok = url.protocol === 'https:' || (allowLoopbackHttp && url.protocol === 'http:' && isLoopback(url.hostname));
  if (!ok) throw new ProblemError('validation_failed', 'Trigger deliveries go to https URLs only.', { errors: [{ field: 'body/callbackUrl', message: 'must be an https URL' }] });
}

/** The subscription as the contract shows it; the signing secret only on creation. */
function present(s: Subscription, withSecret: boolean) {
  return {
    id: s.id, event: s.event, callbackUrl: s.callbackUrl, onlyMicrosoftCoSell: s.onlyMicrosoftCoSell, status: s.status,
    consecutiveFailures: s.consecutiveFailures,
    ...(s.disabledReason !== null ? { disabledReason: s.disabledReason } : {}),
    ...(withSecret ? { signingSecret: s.secret } : {}),
    createdAt: s.createdAt, updatedAt: s.updatedAt,
  };
}

/** Power Automate webhook triggers: subscribe (201 + Location), unsubscribe (DELETE), list, re-enable. */
export function triggerHandlers(storage: Storage, options: TriggerOptions): Pick<OperationHandlers,
  'OnReferralCreated' | 'OnReferralUpdated' | 'ListTriggerSubscriptions' | 'DeleteTriggerSubscription' | 'EnableTriggerSubscription'> {
  const subscribe = async (event: TriggerEvent, body: { callbackUrl: string; onlyMicrosoftCoSell?: boolean }, ctx: { tenantId: string; baseUrl: string }) => {
    checkCallbackUrl(body.callbackUrl, options.allowLoopbackHttp);
    const created = await storage.subscriptions.create({
      tenantId: ctx.tenantId,
      event,
      callbackUrl: body.callbackUrl,
      onlyMicrosoftCoSell: body.onlyMicrosoftCoSell ?? false,
      secret: `whsec_${randomBytes(24).toString('base64')}`,
      createdAt: options.clock().toISOString(),
    });
    return { status: 201 as const, body: present(created, true), headers: { Location: `${ctx.baseUrl}/v1/triggers/${encodeURIComponent(created.id)}` } };
  };
  const notFound = (id: string) => new ProblemError('not_found', `There is no trigger subscription ${id}.`);

  return {
    OnReferralCreated: ({ body }, ctx) => subscribe('referral-created', body, ctx),
    OnReferralUpdated: ({ body }, ctx) => subscribe('referral-updated', body, ctx),
    async ListTriggerSubscriptions(_input, ctx) {
      return { status: 200, body: { value: (await storage.subscriptions.list(ctx.tenantId)).map((s) => present(s, false)) } };
    },
    async DeleteTriggerSubscription({ path }, ctx) {
      if (!(await storage.subscriptions.delete(ctx.tenantId, path.subscriptionId))) throw notFound(path.subscriptionId);
      return { status: 204, body: undefined };
    },
    async EnableTriggerSubscription({ path }, ctx) {
      const s = await storage.subscriptions.enable(ctx.tenantId, path.subscriptionId, options.clock());
      if (!s) throw notFound(path.subscriptionId);
      return { status: 200, body: present(s, false) };
    },
  };
}
