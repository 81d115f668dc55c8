import type { Referral } from '../domain/referral.js';
import type { AuditEntry } from '../storage/types.js';
import type { SyncService } from '../sync-api/index.js';
import type { ContinuationTokens } from './continuation-token.js';
import type { OperationHandlers, RequestContext } from './operation-types.js';
import { ProblemError } from './problem.js';
import { withSyncProblems } from './sync-problems.js';
import { auditEntry, crmRecordPreview, entityTag, ifMatchOf, mappingView, relatedFrom, syncRun } from './sync-views.js';

type SyncOperation =
  | 'GetMapping' | 'ReplaceMapping' | 'PreviewReferralMapping' | 'PreviewRecordMapping'
  | 'ListReferralAudit' | 'ListRecordAudit' | 'NotifyCrmChanges'
  | 'StartReconciliation' | 'GetReconciliation' | 'ListReconciliations';

/** Reads one entry more than the page holds, so a next link is offered only when there is a next page. */
async function auditPage(read: (page: { limit: number; before?: string }) => Promise<AuditEntry[]>, top: number, token: string | undefined, tokens: ContinuationTokens, link: (token: string) => string) {
  const before = token !== undefined ? tokens.open(token) : undefined;
  const entries = await read({ limit: top + 1, ...(before !== undefined ? { before } : {}) });
  const page = entries.slice(0, top);
  const last = page.at(-1);
  if (entries.length <= top || last === undefined) return { value: page.map(auditEntry) };
  const continuationToken = tokens.seal(last.id);
  return { value: page.map(auditEntry), nextLink: link(continuationToken), continuationToken };
}

const runUrl = (ctx: RequestContext, id: string): string => `${ctx.baseUrl}/v1/reconciliations/${encodeURIComponent(id)}`;

/** Thin handlers over the SyncApi: the input is already validated against the contract; the sync's errors become problems. */
export function syncHandlers(api: SyncService, tokens: ContinuationTokens): Pick<OperationHandlers, SyncOperation> {
  return {
    GetMapping: withSyncProblems<'GetMapping'>(async (_input, ctx) => {
      const view = await api.getMapping(ctx.tenantId);
      return { status: 200, body: mappingView(view), headers: { ETag: entityTag(view.eTag) } };
    }, 'stored'),

    ReplaceMapping: withSyncProblems<'ReplaceMapping'>(async ({ headers, body }, ctx) => {
      const view = await api.replaceMapping(ctx.tenantId, body, ifMatchOf(headers['If-Match']));
      return { status: 200, body: mappingView(view), headers: { ETag: entityTag(view.eTag) } };
    }),

    PreviewReferralMapping: withSyncProblems<'PreviewReferralMapping'>(async ({ body }, ctx) => {
      const record = await api.previewReferral(ctx.tenantId, body.referral, body.mapping);
      return { status: 200, body: crmRecordPreview(record, body.referral) };
    }, 'body/mapping'),

    PreviewRecordMapping: withSyncProblems<'PreviewRecordMapping'>(async ({ body }, ctx) => {
      let current: Referral | undefined;
      if (body.referralId !== undefined) {
        current = await api.mirroredReferral(ctx.tenantId, body.referralId);
        if (current === undefined) throw new ProblemError('not_found', `Referral ${body.referralId} is not in this backend's referral mirror; leave referralId out to preview without comparing.`);
      }
      const record = { object: body.record.object, fields: body.record.fields, related: relatedFrom(body.record.related) };
      const preview = await api.previewRecord(ctx.tenantId, record, current, body.mapping);
      return { status: 200, body: preview };
    }, 'body/mapping'),

    ListReferralAudit: withSyncProblems<'ListReferralAudit'>(async ({ path, query }, ctx) => {
      const top = query.top ?? 50;
      const body = await auditPage((page) => api.auditByReferral(ctx.tenantId, path.referralId, page), top, query.continuationToken, tokens,
        (t) => `${ctx.baseUrl}/v1/referrals/${encodeURIComponent(path.referralId)}/audit?top=${top}&continuationToken=${encodeURIComponent(t)}`);
      return { status: 200, body };
    }),

    ListRecordAudit: withSyncProblems<'ListRecordAudit'>(async ({ path, query }, ctx) => {
      const top = query.top ?? 50;
      const body = await auditPage((page) => api.auditByRecord(ctx.tenantId, path.recordId, page), top, query.continuationToken, tokens,
        (t) => `${ctx.baseUrl}/v1/crm-records/${encodeURIComponent(path.recordId)}/audit?top=${top}&continuationToken=${encodeURIComponent(t)}`);
      return { status: 200, body };
    }),

    NotifyCrmChanges: withSyncProblems<'NotifyCrmChanges'>(async ({ body }, ctx) => {
      const ids = body?.recordIds;
      return { status: 202, body: await api.notifyCrmChanges(ctx.tenantId, ids !== undefined && ids.length > 0 ? ids : undefined) };
    }),

    StartReconciliation: withSyncProblems<'StartReconciliation'>(async ({ body }, ctx) => {
      const run = await api.startReconciliation(ctx.tenantId, { dryRun: body?.dryRun ?? true });
      return { status: 202, body: syncRun(run), headers: { Location: runUrl(ctx, run.id) } };
    }),

    GetReconciliation: withSyncProblems<'GetReconciliation'>(async ({ path }, ctx) => {
      const run = await api.getRun(ctx.tenantId, path.runId);
      if (run === undefined) throw new ProblemError('not_found', `There is no reconciliation ${path.runId}.`);
      return { status: 200, body: syncRun(run) };
    }),

    ListReconciliations: withSyncProblems<'ListReconciliations'>(async ({ query }, ctx) => {
      const runs = await api.listRuns(ctx.tenantId, { limit: query.top ?? 20 });
      return { status: 200, body: { value: runs.map(syncRun) } };
    }),
  };
}
