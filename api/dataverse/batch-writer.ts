/**
 * Writes as `$batch` calls of at most `batchSize` requests, results in input order.
 * - Not all-or-none: every record is independent. A record of one request is a request of its own, a
 *   record of several (an opportunity's update plus its WinOpportunity) is a change set of its own, and
 *   the batch carries `Prefer: odata.continue-on-error`, so one refusal rolls nothing else back
 *   (crm-apis.md §4.4). Records a server left unanswered (it stopped at the first failure) go out again.
 * - All-or-none: one change set holding every request, so Dataverse commits all or none; the refused
 *   record gets its error (found by `Content-ID`) and the others `rolled-back`.
 * A part answering 429/503 (or 502/504 for a repeatable record) is sent again in the next batch under
 * the retry policy; when the attempts are spent it is reported as that record's error, because the
 * other records of the call are written and repeating the call would create them twice.
 */
import { CrmRecordError, type CrmWriteResult } from '../domain/crm.js';
import { retryDelayMs } from '../partner-center/retry-policy.js';
import { buildBatch, parseBatchResponse, type BatchEntry, type BatchRequest, type HttpPart } from './batch.js';
import { retryAfterOf, type DataverseClient } from './client.js';
import type { DataverseRetryOptions } from './config.js';
import { errorOf, recordError, type DataverseError } from './errors.js';
import type { UsageCounter } from './usage.js';

export interface Requeue { requeue: WriteItem }
export type ItemOutcome = CrmWriteResult | Requeue;

/** One record's requests and how to read their answers. */
export interface WriteItem {
  requests: BatchRequest[];
  /** Sending it twice cannot apply it twice. */
  repeatable: boolean;
  succeeded(parts: HttpPart[]): ItemOutcome;
  /** A refusal the item turns into something else (an upsert whose record appeared meanwhile). */
  refused?(status: number, error: DataverseError): ItemOutcome | undefined;
}

export interface BatchWriterDeps {
  client: DataverseClient;
  usage: UsageCounter;
  batchSize: number;
  retry: DataverseRetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** The Web API's limit on requests in one `$batch`, which bounds an all-or-none write. */
const MAX_ATOMIC_REQUESTS = 1_000;
const TRANSIENT = new Set([429, 502, 503, 504]);

interface Pending { index: number; item: WriteItem; attempts: number; requeues: number }

export async function writeInBatches(
  what: string,
  items: Array<WriteItem | CrmRecordError>,
  allOrNone: boolean,
  deps: BatchWriterDeps,
): Promise<CrmWriteResult[]> {
  const results: Array<CrmWriteResult | undefined> = items.map((i) => (i instanceof CrmRecordError ? { ok: false, error: i } : undefined));
  let pending: Pending[] = items.flatMap((item, index) => (item instanceof CrmRecordError ? [] : [{ index, item, attempts: 0, requeues: 0 }]));
  if (allOrNone) {
    if (pending.length < items.length) return results.map((r) => r ?? rolledBack());
    const count = pending.reduce((n, p) => n + p.item.requests.length, 0);
    if (count > MAX_ATOMIC_REQUESTS) throw new RangeError(`allOrNone covers one $batch change set: at most ${MAX_ATOMIC_REQUESTS} requests, not ${count}.`);
  }
  while (pending.length > 0) {
    const chunk = allOrNone ? pending : takeChunk(pending, deps.batchSize);
    const again = await sendChunk(what, chunk, allOrNone, deps, results);
    pending = [...again, ...pending.slice(chunk.length)];
  }
  const written = results.filter((r) => r?.ok === true).length;
  deps.usage.addRecordsWritten(written);
  return results.map((r) => r ?? rolledBack());
}

function takeChunk(pending: Pending[], batchSize: number): Pending[] {
  let requests = 0;
  let n = 0;
  while (n < pending.length && (n === 0 || requests + pending[n]!.item.requests.length <= batchSize)) {
    requests += pending[n]!.item.requests.length;
    n += 1;
  }
  return pending.slice(0, n);
}

/** Sends one batch and settles its records; returns those to send again. */
async function sendChunk(what: string, chunk: Pending[], allOrNone: boolean, deps: BatchWriterDeps, results: Array<CrmWriteResult | undefined>): Promise<Pending[]> {
  const entries: BatchEntry[] = allOrNone
    ? [{ kind: 'changeset', requests: chunk.flatMap((p) => p.item.requests) }]
    : chunk.map((p) => (p.item.requests.length === 1 ? { kind: 'request', request: p.item.requests[0]! } : { kind: 'changeset', requests: p.item.requests }));
  const built = buildBatch(entries);
  const requestCount = chunk.reduce((n, p) => n + p.item.requests.length, 0);
  const response = await deps.client.send({
    method: 'POST',
    url: '$batch',
    headers: { 'content-type': built.contentType, ...(allOrNone ? {} : { prefer: 'odata.continue-on-error' }) },
    body: built.body,
    repeatable: chunk.every((p) => p.item.repeatable),
    what,
    batchedRequests: requestCount,
  });
  const contentType = response.header('content-type');
  if (!/^multipart\/mixed/i.test(contentType ?? '')) {
    if (response.status >= 200 && response.status < 300) throw new Error(`Dataverse answered a $batch with ${contentType ?? 'no content type'} while ${what}.`);
    // The whole batch was refused: every record gets that refusal.
    const error = errorOf(response.status, response.text);
    for (const p of chunk) results[p.index] = { ok: false, error: recordError(response.status, error) };
    return [];
  }
  const answers = parseBatchResponse(contentType, response.text);
  if (allOrNone) {
    settleAtomic(chunk, answers.flatMap((a) => (a.kind === 'changeset' ? a.parts : [a.part])), results);
    return [];
  }
  const again: Pending[] = [];
  let wait = 0;
  chunk.forEach((p, k) => {
    const answer = answers[k];
    // Unanswered: the server stopped at an earlier failure; this one was not processed.
    if (answer === undefined) { again.push(p); return; }
    const parts = answer.kind === 'changeset' ? answer.parts : [answer.part];
    const failed = parts.find((part) => part.status >= 300);
    if (failed === undefined && parts.length === p.item.requests.length) {
      settle(p, p.item.succeeded(parts), results, again);
      return;
    }
    const status = failed?.status ?? 500;
    if (TRANSIENT.has(status) && (p.item.repeatable || status === 429 || status === 503)) {
      p.attempts += 1;
      const retryAfter = retryAfterOf(failed?.headers['retry-after']);
      const delay = retryDelayMs(p.attempts, { status, idempotent: p.item.repeatable, ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}) }, deps.retry, deps.random);
      if (delay !== undefined) { wait = Math.max(wait, delay); again.push(p); return; }
    }
    const error = errorOf(status, failed?.body ?? '');
    settle(p, p.item.refused?.(status, error) ?? { ok: false, error: recordError(status, error) }, results, again);
  });
  if (wait > 0) await deps.sleep(wait);
  return again;
}

function settle(p: Pending, outcome: ItemOutcome, results: Array<CrmWriteResult | undefined>, again: Pending[]): void {
  if ('requeue' in outcome) {
    // An upsert may switch between create and update once each way; more means the record keeps flipping.
    if (p.requeues < 2) { again.push({ ...p, item: outcome.requeue, requeues: p.requeues + 1 }); return; }
    results[p.index] = { ok: false, error: new CrmRecordError('invalid', 'The record kept appearing and disappearing while it was written.', [], 'UpsertRace') };
    return;
  }
  results[p.index] = outcome;
}

/** One change set: every request answered means committed; otherwise the failing part names the record. */
function settleAtomic(chunk: Pending[], parts: HttpPart[], results: Array<CrmWriteResult | undefined>): void {
  const total = chunk.reduce((n, p) => n + p.item.requests.length, 0);
  const failed = parts.find((part) => part.status >= 300);
  if (failed === undefined && parts.length === total) {
    let offset = 0;
    for (const p of chunk) {
      const own = parts.slice(offset, offset + p.item.requests.length);
      offset += p.item.requests.length;
      const outcome = p.item.succeeded(own);
      results[p.index] = 'requeue' in outcome ? { ok: false, error: new CrmRecordError('invalid', 'Unexpected answer in an all-or-none write.') } : outcome;
    }
    return;
  }
  const status = failed?.status ?? 500;
  const error = recordError(status, errorOf(status, failed?.body ?? ''));
  // Content-IDs run 1… across the change set in request order (buildBatch).
  const culprit = failed?.contentId === undefined ? undefined : ownerOf(chunk, Number(failed.contentId));
  for (const p of chunk) results[p.index] = culprit === undefined || culprit === p ? { ok: false, error } : rolledBack();
}

function ownerOf(chunk: Pending[], contentId: number): Pending | undefined {
  let last = 0;
  for (const p of chunk) {
    last += p.item.requests.length;
    if (contentId <= last) return p;
  }
  return undefined;
}

function rolledBack(): CrmWriteResult {
  return { ok: false, error: new CrmRecordError('rolled-back', 'Rolled back: another record of this all-or-none write failed.', [], 'RolledBack') };
}
