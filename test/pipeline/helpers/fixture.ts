import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../../api/logging/logger.js';
import { startPipeline, type Pipeline } from '../../../api/pipeline/index.js';
import type { PipelineOptions } from '../../../api/pipeline/options.js';
import { generateWebhookSecret } from '../../../api/pipeline/standard-webhooks.js';
import type { Storage, Subscription, TriggerEvent } from '../../../api/storage/types.js';
import { incomingCoSell } from '../../helpers/referrals.js';
import { openAt, type Backend, type TestStore } from './backends.js';
import { acceptBody, eventBody, pcTime, TENANT } from './events.js';
import { partnerCenterReader, startEmulator, type EmulatorServer, type TestReader } from './partner-center.js';
import { startSubscriber, type Subscriber } from './subscriber.js';

/** Short waits everywhere, so retries and backoff play out in milliseconds. */
export const FAST: Partial<PipelineOptions> = {
  pollIntervalMs: 20,
  inboxMaxAttempts: 4,
  inboxRetryBaseMs: 20,
  inboxRetryMaxMs: 200,
  outboxMaxAttempts: 4,
  outboxRetryBaseMs: 20,
  outboxRetryMaxMs: 200,
  deliveryTimeoutMs: 5_000,
  outboxLeaseMs: 30_000,
  allowLoopbackHttp: true,
};

export type WireReferral = Record<string, unknown> & { id: string };

export interface PipelineFixture {
  storage: Storage;
  pc: EmulatorServer;
  subscriber: Subscriber;
  start(options?: Partial<PipelineOptions>, workerId?: string, storage?: Storage): Pipeline;
  /** The same store opened again: its own connection (SQLite) or pool (PostgreSQL), as another process would. */
  openAgain(): Promise<Storage>;
  subscribe(event: TriggerEvent, options?: { onlyMicrosoftCoSell?: boolean; answer?: number }): Promise<Subscription & { path: string }>;
  /** Stores a Microsoft co-sell referral (unless overridden) in the emulator, at version `version` (epoch ms). */
  putReferral(version: number, overrides?: Record<string, unknown>): WireReferral;
  /** The same referral at another version: a new updatedDateTime and eTag. */
  putVersion(referral: WireReferral, version: number): WireReferral;
  accept(eventName: string, referralId: string, changedAt?: string): Promise<{ duplicate: boolean; eventId: string }>;
  dispose(): Promise<void>;
}

export const T0 = Date.parse('2026-03-01T10:00:00Z');

export async function createFixture(backend: Backend): Promise<PipelineFixture> {
  const store: TestStore = await backend.create();
  const pc = await startEmulator();
  const reader: TestReader = partnerCenterReader(pc.url);
  const subscriber = await startSubscriber();
  const pipelines: Pipeline[] = [];
  const extraStores: Storage[] = [];
  let last: Pipeline | undefined;

  const putVersion = (referral: WireReferral, version: number): WireReferral => {
    const next = { ...referral, updatedDateTime: pcTime(version), eTag: `"${version.toString(16)}-${randomUUID().slice(0, 8)}"` };
    pc.emulator.store.put(next);
    return next;
  };

  return {
    storage: store.storage,
    pc,
    subscriber,
    start(options = {}, workerId, storage = store.storage) {
      const pipeline = startPipeline({
        storage,
        referrals: reader.reader,
        logger: silentLogger(),
        ...(workerId !== undefined ? { workerId } : {}),
        options: { ...FAST, ...options },
      });
      pipelines.push(pipeline);
      last = pipeline;
      return pipeline;
    },
    async subscribe(event, options = {}) {
      const path = `/hooks/${randomUUID()}`;
      const secret = generateWebhookSecret();
      subscriber.secrets.set(path, secret);
      if (options.answer !== undefined) subscriber.answers.set(path, options.answer);
      const created = await store.storage.subscriptions.create({
        tenantId: TENANT, event, callbackUrl: `${subscriber.url}${path}`, onlyMicrosoftCoSell: options.onlyMicrosoftCoSell ?? false, secret, createdAt: new Date().toISOString(),
      });
      return { ...created, path };
    },
    async openAgain() {
      const other = await openAt(store.location);
      extraStores.push(other);
      return other;
    },
    putReferral(version, overrides = {}) {
      return putVersion({ ...incomingCoSell(overrides) } as WireReferral, version);
    },
    putVersion,
    accept(eventName, referralId, changedAt = pcTime(Date.now())) {
      return acceptBody(store.storage, eventBody(eventName, referralId, changedAt), () => last?.notify());
    },
    async dispose() {
      await Promise.allSettled(pipelines.map((p) => p.stop()));
      await Promise.allSettled(extraStores.map((s) => s.close()));
      await reader.close();
      await subscriber.close();
      await pc.close();
      await store.dispose();
    },
  };
}
