import type { Clock } from '../domain/clock.js';
import type { InboxEvent, Storage } from '../storage/types.js';
import { MIRROR_CURSOR, mirrorReady } from '../sync/mirror-state.js';
import type { OperationHandlers } from './operation-types.js';
import { ProblemError } from './problem.js';

function present(e: InboxEvent) {
  return {
    id: e.id, eventName: e.eventName,
    ...(e.resourceId !== null ? { referralId: e.resourceId } : {}),
    ...(e.resourceChangeAt !== null ? { resourceChangeAt: e.resourceChangeAt } : {}),
    receivedAt: e.receivedAt, status: e.status,
    ...(e.outcome !== null ? { outcome: e.outcome } : {}),
    attempts: e.attempts, nextAttemptAt: e.nextAttemptAt,
    ...(e.lastError !== null ? { lastError: e.lastError } : {}),
    ...(e.processedAt !== null ? { processedAt: e.processedAt } : {}),
  };
}

/** What the pipeline holds: dead letters to inspect and replay, and counts that make a stuck pipeline visible. */
export function eventHandlers(storage: Storage, clock: Clock, wake: () => void): Pick<OperationHandlers,
  'ListDeadLetters' | 'GetEvent' | 'ReplayEvent' | 'GetPipelineStatus'> {
  return {
    async ListDeadLetters({ query }, ctx) {
      const top = query.top ?? 50;
      const page = await storage.inbox.listDead(ctx.tenantId, { limit: top, ...(query.before !== undefined ? { before: query.before } : {}) });
      const last = page.at(-1);
      return {
        status: 200,
        body: {
          value: page.map(present),
          ...(page.length === top && last ? { nextLink: `${ctx.baseUrl}/v1/events/dead-letters?top=${top}&before=${encodeURIComponent(last.id)}` } : {}),
        },
      };
    },
    async GetEvent({ path }, ctx) {
      const e = await storage.inbox.get(ctx.tenantId, path.eventId);
      if (!e) throw new ProblemError('not_found', `There is no event ${path.eventId}.`);
      return { status: 200, body: present(e) };
    },
    async ReplayEvent({ path }, ctx) {
      const replayed = await storage.inbox.replay(ctx.tenantId, path.eventId, clock());
      if (replayed) { wake(); return { status: 200, body: present(replayed) }; }
      const e = await storage.inbox.get(ctx.tenantId, path.eventId);
      if (!e) throw new ProblemError('not_found', `There is no event ${path.eventId}.`);
      throw new ProblemError('conflict', `Event ${path.eventId} is ${e.status}; only dead letters can be replayed.`);
    },
    async GetPipelineStatus(_input, ctx) {
      const syncedUpTo = await storage.cursors.get(ctx.tenantId, MIRROR_CURSOR);
      const mirror = {
        ready: await mirrorReady(storage.cursors, ctx.tenantId),
        referrals: await storage.referrals.count(ctx.tenantId),
        ...(syncedUpTo !== undefined ? { syncedUpTo } : {}),
      };
      return { status: 200, body: { storage: storage.kind, inbox: await storage.inbox.counts(ctx.tenantId), outbox: await storage.outbox.counts(ctx.tenantId), mirror } };
    },
  };
}
