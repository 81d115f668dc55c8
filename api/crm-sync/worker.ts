/**
 * Works the durable sync queue: each job (a referral or a CRM record) goes through the engine; the
 * job is removed only once the engine finished, and put back when its key was queued again meanwhile,
 * so a change that arrives during a sync is never lost. Failures back off; a CRM record the CRM
 * refuses is audited by the engine, not retried.
 */
import { CrmConfigurationError, CrmRecordError, CrmUnavailableError } from '../domain/crm.js';
import type { Clock } from '../domain/clock.js';
import type { Logger } from '../logging/logger.js';
import { nextAttemptAt, type BackoffPolicy } from '../pipeline/backoff.js';
import { describeFailure } from '../pipeline/failure.js';
import { WorkLoop } from '../pipeline/work-loop.js';
import type { Storage, SyncJob } from '../storage/types.js';
import type { JobSource } from './context.js';
import type { SyncEngine } from './engine.js';

export interface SyncWorkerOptions {
  storage: Storage;
  engine: SyncEngine;
  logger: Logger;
  clock: Clock;
  workerId: string;
  concurrency: number;
  pollIntervalMs: number;
  leaseMs: number;
  retry: BackoffPolicy;
  random?: () => number;
}

export function createSyncWorker(options: SyncWorkerOptions): WorkLoop<SyncJob> {
  const { storage, clock, workerId, leaseMs, logger } = options;
  return new WorkLoop<SyncJob>({
    name: 'sync',
    claim: (limit) => storage.syncQueue.claim(limit, { workerId, leaseMs, now: clock() }),
    process: (job) => processSyncJob(job, options),
    concurrency: options.concurrency,
    pollIntervalMs: options.pollIntervalMs,
    logger,
  });
}

function sourceOf(key: string): JobSource {
  return key.startsWith('referral:') ? 'webhook' : 'poll';
}

export async function processSyncJob(job: SyncJob, options: SyncWorkerOptions): Promise<void> {
  const { storage, clock, workerId } = options;
  const log = options.logger.child({ syncJobId: job.id, key: job.key, attempt: job.attempts });
  try {
    await options.engine.run(job.tenantId, job.key, sourceOf(job.key));
    const outcome = await storage.syncQueue.complete(job.id, workerId, job.generation, clock());
    if (outcome === 'lost-lease') log.warn('lost the lease before completing; another worker has the job');
    else log.debug({ outcome }, 'sync job done');
  } catch (err) {
    const verdict = describeFailure(err);
    // A record refused outright would be refused again; configuration needs a person, so retry slowly up to the limit.
    const permanent = err instanceof CrmRecordError;
    const retryAfterMs = err instanceof CrmUnavailableError ? err.retryAfterMs : verdict.retryAfterMs;
    const now = clock();
    const retryAt = permanent ? null : nextAttemptAt(job.attempts, now, options.retry, {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(err instanceof CrmConfigurationError ? { retryAfterMs: options.retry.maxDelayMs } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    await storage.syncQueue.fail(job.id, workerId, verdict.message, retryAt, now);
    if (retryAt === null) log.error({ error: verdict.message }, 'sync job is dead');
    else log.warn({ error: verdict.message, retryAt: retryAt.toISOString() }, 'sync job failed; will retry');
  }
}
