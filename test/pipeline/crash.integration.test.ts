import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import type { PipelineOptions } from '../../api/pipeline/options.js';
import { generateWebhookSecret } from '../../api/pipeline/standard-webhooks.js';
import type { Storage } from '../../api/storage/types.js';
import { incomingCoSell } from '../helpers/referrals.js';
import type { CrashChildInit, CrashChildMessage } from './crash-child.js';
import { forEachBackend, type TestStore } from './helpers/backends.js';
import { eventBody, pcTime, TENANT, waitFor } from './helpers/events.js';
import { startEmulator, type EmulatorServer } from './helpers/partner-center.js';
import { startSubscriber, type Subscriber } from './helpers/subscriber.js';

const REFERRALS = 100;
const POSTS = 1_000;
const DUPLICATES = 80;
const OUT_OF_ORDER = 70;
/** SIGKILL once the subscriber has seen this many deliveries. */
const KILL_AFTER_DELIVERIES = 150;
const POSTERS = 4;

/** Short leases, so what the killed process held is claimed again within seconds of the restart. */
const CHILD_OPTIONS: Partial<PipelineOptions> = {
  pollIntervalMs: 25,
  inboxConcurrency: 8,
  inboxLeaseMs: 1_500,
  inboxRetryBaseMs: 50,
  inboxRetryMaxMs: 500,
  outboxConcurrency: 8,
  outboxLeaseMs: 2_500,
  deliveryTimeoutMs: 2_000,
  outboxRetryBaseMs: 50,
  outboxRetryMaxMs: 500,
  allowLoopbackHttp: true,
};

/** mulberry32: a seeded PRNG, so a failing run can be replayed exactly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step =
  | { kind: 'version'; referral: number; eventName: 'referral-created' | 'referral-updated' }
  | { kind: 'older'; referral: number }
  | { kind: 'duplicate' };

/** 100 creations, updates, out-of-order deliveries of older changes, and repeats of earlier deliveries, interleaved. */
function plan(random: () => number): Step[] {
  const unique = POSTS - DUPLICATES;
  const updates = unique - REFERRALS - OUT_OF_ORDER;
  const steps: Step[] = [];
  const created = new Set<number>();
  let remainingUpdates = updates;
  let remainingOlder = OUT_OF_ORDER;
  let remainingDuplicates = DUPLICATES;
  while (steps.length < POSTS) {
    const r = Math.floor(random() * REFERRALS);
    const roll = random();
    if (!created.has(r)) {
      created.add(r);
      steps.push({ kind: 'version', referral: r, eventName: 'referral-created' });
    } else if (roll < 0.1 && remainingDuplicates > 0) {
      remainingDuplicates -= 1;
      steps.push({ kind: 'duplicate' });
    } else if (roll < 0.2 && remainingOlder > 0) {
      remainingOlder -= 1;
      steps.push({ kind: 'older', referral: r });
    } else if (remainingUpdates > 0) {
      remainingUpdates -= 1;
      steps.push({ kind: 'version', referral: r, eventName: 'referral-updated' });
    } else if (created.size === REFERRALS) {
      if (remainingOlder > 0) { remainingOlder -= 1; steps.push({ kind: 'older', referral: r }); }
      else if (remainingDuplicates > 0) { remainingDuplicates -= 1; steps.push({ kind: 'duplicate' }); }
    }
  }
  return steps;
}

interface Child { process: ChildProcess; url: string; exited: Promise<void> }

async function startChild(init: CrashChildInit): Promise<Child> {
  const script = fileURLToPath(new URL('./crash-child.js', import.meta.url));
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: CrashChildMessage) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(m.message))));
    child.once('exit', (code, signal) => reject(new Error(`crash child exited early (${code ?? signal})`)));
    child.send(init);
  });
  return { process: child, url, exited };
}

forEachBackend('crash recovery', (backend) => {
  let store: TestStore | undefined;
  let pc: EmulatorServer | undefined;
  let subscriber: Subscriber | undefined;
  let child: Child | undefined;

  afterEach(async () => {
    if (child && child.process.exitCode === null && child.process.signalCode === null) {
      child.process.kill('SIGKILL');
      await child.exited;
    }
    await subscriber?.close();
    await pc?.close();
    await store?.dispose();
  });

  it('a worker process SIGKILLed while processing 1,000 events, then restarted, loses nothing and has one effect per version', async function () {
    this.timeout(240_000);
    store = await backend.create();
    pc = await startEmulator();
    subscriber = await startSubscriber();
    const storage: Storage = store.storage;
    const emulator = pc.emulator;
    const sub = subscriber;

    const subscriptions = new Map<string, string>();
    for (const event of ['referral-created', 'referral-updated'] as const) {
      const path = `/hooks/${event}`;
      const secret = generateWebhookSecret();
      sub.secrets.set(path, secret);
      const s = await storage.subscriptions.create({ tenantId: TENANT, event, callbackUrl: `${sub.url}${path}`, onlyMicrosoftCoSell: false, secret, createdAt: new Date().toISOString() });
      subscriptions.set(path, s.id);
    }

    const init = (n: number): CrashChildInit => ({ location: store!.location, partnerCenterUrl: pc!.url, tenantId: TENANT, workerId: `crash-child-${n}`, options: CHILD_OPTIONS });
    child = await startChild(init(1));

    // The intake's address, replaced on restart; posters that hit the dead process wait for the new one
    // and send again, as Partner Center retries an unacknowledged delivery.
    let intake = Promise.resolve(child.url);
    const referralIds = Array.from({ length: REFERRALS }, () => randomUUID());
    const versions: number[] = Array.from({ length: REFERRALS }, () => 0);
    const finalETag = new Map<string, string>();
    const sent: string[] = [];
    const eventIds = new Set<string>();
    let clockMs = Date.parse('2026-03-01T10:00:00Z');
    let failedPosts = 0;

    const post = async (body: string) => {
      for (;;) {
        const url = await intake;
        try {
          const res = await request(`${url}/events`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
          const text = await res.body.text();
          if (res.statusCode === 200) {
            eventIds.add((JSON.parse(text) as { eventId: string }).eventId);
            return;
          }
        } catch {
          // the process is gone: wait for its successor below
        }
        failedPosts += 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const random = prng(20260301);
    const steps = plan(random);
    const bodyFor = (step: Step): string => {
      if (step.kind === 'duplicate') return sent.length > 0 ? sent[Math.floor(random() * sent.length)]! : eventBody('test-created', 'test', pcTime(clockMs));
      const id = referralIds[step.referral]!;
      if (step.kind === 'older') {
        // An older change delivered late: Partner Center already serves a newer version.
        const older = Math.max(0, versions[step.referral]! - 1 - Math.floor(random() * 3));
        return eventBody('related-referral-updated', id, pcTime(Date.parse('2026-03-01T10:00:00Z') + older * 1_000 + step.referral));
      }
      clockMs += 1_000;
      versions[step.referral] = versions[step.referral]! + 1;
      const updatedDateTime = pcTime(clockMs);
      const eTag = `"${randomUUID()}"`;
      emulator.store.put({ ...incomingCoSell({ id }), updatedDateTime, eTag });
      finalETag.set(id, eTag);
      return eventBody(step.eventName, id, updatedDateTime);
    };

    let next = 0;
    const poster = async () => {
      while (next < steps.length) {
        const body = bodyFor(steps[next++]!);
        sent.push(body);
        await post(body);
      }
    };

    let countsAtKill: Awaited<ReturnType<Storage['inbox']['counts']>> | undefined;
    const killer = (async () => {
      await sub.until((received) => received.length >= KILL_AFTER_DELIVERIES, 120_000);
      let restarted!: (url: string) => void;
      intake = new Promise<string>((resolve) => { restarted = resolve; });
      child.process.kill('SIGKILL');
      await child.exited;
      countsAtKill = await storage.inbox.counts(TENANT);
      child = await startChild(init(2));
      restarted(child.url);
    })();

    await Promise.all([...Array.from({ length: POSTERS }, poster), killer]);
    await waitFor('the restarted process to finish every event and delivery', async () => {
      const inbox = await storage.inbox.counts(TENANT);
      const outbox = await storage.outbox.counts(TENANT);
      return inbox.pending + inbox.processing === 0 && outbox.pending + outbox.delivering === 0;
    }, 120_000);

    // It was killed mid-processing: accepted events were still waiting or leased.
    assert.ok(countsAtKill, 'the child was killed');
    assert.ok(countsAtKill.pending + countsAtKill.processing > 0, `work was in progress at the kill: ${JSON.stringify(countsAtKill)}`);

    // Every accepted event is done, once: one row per distinct delivery body.
    const distinctBodies = new Set(sent).size;
    assert.equal(eventIds.size, distinctBodies);
    const inbox = await storage.inbox.counts(TENANT);
    assert.deepEqual(inbox, { pending: 0, processing: 0, done: distinctBodies, dead: 0 });
    let applied = 0;
    for (const id of eventIds) {
      const e = (await storage.inbox.get(TENANT, id))!;
      assert.equal(e.status, 'done');
      if (e.outcome === 'applied') applied += 1;
    }

    // The mirror holds every referral's newest version.
    for (const id of referralIds) {
      const mirror = await storage.referrals.get(TENANT, id);
      assert.equal(mirror?.eTag, finalETag.get(id), `referral ${id} mirrors its newest version`);
    }

    // Deliveries: at least once on the wire, exactly once per (referral, version) after deduping on webhook-id.
    const received = sub.received;
    assert.ok(received.every((d) => d.signatureValid), 'every delivery is signed');
    const byWebhookId = new Map<string, (typeof received)[number]>();
    for (const d of received) {
      const first = byWebhookId.get(d.webhookId);
      if (first) assert.deepEqual(d.payload, first.payload, 'a redelivery carries the same payload');
      else byWebhookId.set(d.webhookId, d);
    }
    const effects = new Map<string, string[]>();
    for (const [webhookId, d] of byWebhookId) {
      const key = `${d.payload.referral.id}@${d.payload.referral.updatedDateTime ?? ''}`;
      effects.set(key, [...(effects.get(key) ?? []), webhookId]);
    }
    const repeated = [...effects].filter(([, ids]) => ids.length > 1);
    assert.deepEqual(repeated, [], 'no (referral, version) has two effects');
    const outbox = await storage.outbox.counts(TENANT);
    assert.deepEqual(outbox, { pending: 0, delivering: 0, delivered: byWebhookId.size, dead: 0 });
    assert.equal(applied, byWebhookId.size, 'one delivery per applied event (one subscription per trigger)');
    for (const id of referralIds) {
      const last = [...byWebhookId.values()].filter((d) => d.payload.referral.id === id).map((d) => d.payload.referral.eTag);
      assert.ok(last.includes(finalETag.get(id)!), `the newest version of ${id} was delivered`);
    }

    const rawDuplicates = received.length - byWebhookId.size;
    console.log(`      crash [${backend.name}]: ${POSTS} posts (${distinctBodies} distinct events), ${failedPosts} failed posts resent; `
      + `at the kill ${JSON.stringify(countsAtKill)}; ${applied} applied, ${distinctBodies - applied} stale/ignored; `
      + `${received.length} deliveries received, ${byWebhookId.size} distinct webhook-ids, ${rawDuplicates} raw redeliveries`);
  });
});
