import assert from 'node:assert/strict';
import type { Referral } from '../../api/domain/referral.js';
import { normalizeUpdatedDateTime } from '../../api/storage/time.js';
import { forEachBackend } from './helpers/backends.js';
import { pcTime, TENANT, waitFor } from './helpers/events.js';
import { createFixture, T0, type PipelineFixture } from './helpers/fixture.js';

/** Inbox → Partner Center GET → mirror + outbox → signed delivery, on real storage, real HTTP and the emulator. */
forEachBackend('event pipeline', (backend) => {
  let f: PipelineFixture;
  beforeEach(async () => { f = await createFixture(backend); });
  afterEach(async () => { await f?.dispose(); });

  const event = async (id: string) => (await f.storage.inbox.get(TENANT, id))!;

  it('sends a created event to referral-created subscribers only, signed, with the trigger payload', async () => {
    const created = await f.subscribe('referral-created');
    const updated = await f.subscribe('referral-updated');
    const referral = f.putReferral(T0);
    const pipeline = f.start();
    const { eventId, duplicate } = await f.accept('referral-created', referral.id, '2026-03-01T10:00:00.1234567+00:00');
    assert.equal(duplicate, false);
    await pipeline.drained();

    assert.equal(f.subscriber.received.length, 1);
    const [d] = f.subscriber.received;
    assert.equal(d!.path, created.path);
    assert.ok(d!.signatureValid, 'the Standard Webhooks signature verifies with the subscription secret');
    assert.match(d!.webhookId, /^msg_/);
    assert.deepEqual(Object.keys(d!.payload).sort(), ['eventId', 'eventType', 'occurredAt', 'referral']);
    assert.equal(d!.payload.eventId, eventId);
    assert.equal(d!.payload.eventType, 'referral-created');
    assert.equal(d!.payload.occurredAt, '2026-03-01T10:00:00.1234567+00:00');
    assert.equal(d!.payload.referral.id, referral.id);
    assert.equal(d!.payload.referral.microsoftCoSell, true);
    assert.ok(!f.subscriber.received.some((r) => r.path === updated.path));

    const stored = await event(eventId);
    assert.equal(stored.status, 'done');
    assert.equal(stored.outcome, 'applied');
    const mirror = await f.storage.referrals.get(TENANT, referral.id);
    assert.equal(mirror?.updatedDateTime, normalizeUpdatedDateTime(pcTime(T0)));
    assert.equal((JSON.parse(mirror.json) as Referral).id, referral.id);
  });

  it('sends referral-updated and related-referral-* events to referral-updated subscribers', async () => {
    const updated = await f.subscribe('referral-updated');
    await f.subscribe('referral-created');
    const a = f.putReferral(T0);
    const b = f.putReferral(T0);
    const c = f.putReferral(T0);
    const pipeline = f.start();
    await f.accept('referral-updated', a.id);
    await f.accept('related-referral-created', b.id);
    await f.accept('related-referral-updated', c.id);
    await pipeline.drained();

    assert.equal(f.subscriber.received.length, 3);
    assert.ok(f.subscriber.received.every((r) => r.path === updated.path && r.signatureValid && r.payload.eventType === 'referral-updated'));
    assert.deepEqual(f.subscriber.received.map((r) => r.payload.referral.id).sort(), [a.id, b.id, c.id].sort());
  });

  it('honours onlyMicrosoftCoSell', async () => {
    const all = await f.subscribe('referral-updated');
    const coSellOnly = await f.subscribe('referral-updated', { onlyMicrosoftCoSell: true });
    const coSell = f.putReferral(T0);
    const marketplace = f.putReferral(T0, { type: 'Independent', qualification: 'Direct', inviteContext: undefined });
    const pipeline = f.start();
    await f.accept('referral-updated', coSell.id);
    await f.accept('referral-updated', marketplace.id);
    await pipeline.drained();

    const to = (path: string) => f.subscriber.received.filter((r) => r.path === path).map((r) => r.payload.referral.id).sort();
    assert.deepEqual(to(all.path), [coSell.id, marketplace.id].sort());
    assert.deepEqual(to(coSellOnly.path), [coSell.id]);
  });

  it('processes a duplicate delivery once', async () => {
    await f.subscribe('referral-updated');
    const referral = f.putReferral(T0);
    const changedAt = pcTime(T0);
    const first = await f.accept('referral-updated', referral.id, changedAt);
    const again = await f.accept('referral-updated', referral.id, changedAt);
    assert.equal(again.duplicate, true);
    assert.equal(again.eventId, first.eventId);
    const pipeline = f.start();
    await pipeline.drained();

    assert.equal(f.subscriber.received.length, 1);
    const counts = await f.storage.inbox.counts(TENANT);
    assert.deepEqual(counts, { pending: 0, processing: 0, done: 1, dead: 0 });
  });

  it('never lets an older version overwrite a newer one, and sends no second delivery for it', async () => {
    await f.subscribe('referral-updated');
    const v1 = f.putReferral(T0);
    const pipeline = f.start();
    // The newer change is processed first…
    const v2 = f.putVersion(v1, T0 + 60_000);
    const newer = await f.accept('referral-updated', v1.id, pcTime(T0 + 60_000));
    await pipeline.drained();
    // …then the older one, while Partner Center (say, a lagging replica) still serves the older version.
    f.pc.emulator.store.put(v1);
    const older = await f.accept('referral-updated', v1.id, pcTime(T0));
    await pipeline.drained();

    assert.equal((await event(newer.eventId)).outcome, 'applied');
    assert.equal((await event(older.eventId)).outcome, 'stale');
    assert.equal(f.subscriber.received.length, 1);
    assert.equal(f.subscriber.received[0]!.payload.referral.updatedDateTime, v2.updatedDateTime);
    assert.equal((await f.storage.referrals.get(TENANT, v1.id))?.eTag, v2.eTag);
  });

  it('treats two events that find the same version as one change', async () => {
    await f.subscribe('referral-updated');
    const referral = f.putReferral(T0);
    const pipeline = f.start();
    const a = await f.accept('referral-updated', referral.id, pcTime(T0 - 2_000));
    const b = await f.accept('referral-updated', referral.id, pcTime(T0));
    await pipeline.drained();
    assert.deepEqual([(await event(a.eventId)).outcome, (await event(b.eventId)).outcome].sort(), ['applied', 'stale']);
    assert.equal(f.subscriber.received.length, 1);
  });

  it('retries a Partner Center 503 with backoff, then succeeds', async () => {
    await f.subscribe('referral-updated');
    const referral = f.putReferral(T0);
    f.pc.emulator.faults.inject({ status: 503, times: 2, method: 'GET', pathPattern: new RegExp(referral.id) });
    const pipeline = f.start();
    const { eventId } = await f.accept('referral-updated', referral.id);
    await waitFor('the event to be processed', async () => (await event(eventId)).status === 'done');
    await pipeline.drained();

    const done = await event(eventId);
    assert.equal(done.outcome, 'applied');
    assert.equal(done.attempts, 3, 'two failed attempts, then the one that succeeded');
    assert.match(done.lastError ?? '', /503/);
    assert.equal(f.subscriber.received.length, 1);
  });

  it('dead-letters an event after its last attempt, with the last error, and replays it', async () => {
    await f.subscribe('referral-updated');
    const referral = f.putReferral(T0);
    f.pc.emulator.faults.inject({ status: 503, times: 4, method: 'GET', pathPattern: new RegExp(referral.id) });
    const pipeline = f.start({ inboxMaxAttempts: 4 });
    const { eventId } = await f.accept('referral-updated', referral.id);
    await waitFor('the event to die', async () => (await event(eventId)).status === 'dead');

    const dead = await f.storage.inbox.listDead(TENANT, { limit: 10 });
    assert.deepEqual(dead.map((e) => e.id), [eventId]);
    assert.equal(dead[0]!.attempts, 4);
    assert.match(dead[0]!.lastError ?? '', /503/);
    assert.equal(f.subscriber.received.length, 0);

    const replayed = await f.storage.inbox.replay(TENANT, eventId, new Date());
    assert.equal(replayed?.status, 'pending');
    pipeline.notify();
    await waitFor('the replayed event to be processed', async () => (await event(eventId)).status === 'done');
    await pipeline.drained();
    assert.equal((await event(eventId)).outcome, 'applied');
    assert.equal(f.subscriber.received.length, 1);
    assert.deepEqual(await f.storage.inbox.listDead(TENANT, { limit: 10 }), []);
  });

  it('dead-letters a permanent failure (400) at once', async () => {
    const referral = f.putReferral(T0);
    f.pc.emulator.faults.inject({ status: 400, times: 1, method: 'GET', pathPattern: new RegExp(referral.id) });
    const pipeline = f.start();
    const { eventId } = await f.accept('referral-updated', referral.id);
    await pipeline.drained();
    const dead = await event(eventId);
    assert.equal(dead.status, 'dead');
    assert.equal(dead.attempts, 1);
    assert.match(dead.lastError ?? '', /400/);
  });

  it('ignores a referral Partner Center no longer has, test events and unknown event names', async () => {
    await f.subscribe('referral-updated');
    await f.subscribe('referral-created');
    const pipeline = f.start();
    const missing = await f.accept('referral-updated', 'c3b5a2e4-0000-4000-8000-000000000404');
    const test = await f.accept('test-created', 'test');
    const unknown = await f.accept('engagement-archived', 'c3b5a2e4-0000-4000-8000-000000000001');
    await pipeline.drained();
    for (const id of [missing.eventId, test.eventId, unknown.eventId]) {
      const e = await event(id);
      assert.equal(e.status, 'done');
      assert.equal(e.outcome, 'ignored');
      assert.equal(e.attempts, 1);
    }
    assert.equal(f.subscriber.received.length, 0);
  });

  it('retries a failing subscriber with one webhook-id, then disables the subscription with its reason', async () => {
    const failing = await f.subscribe('referral-updated', { answer: 500 });
    const pipeline = f.start({ outboxMaxAttempts: 10, disableAfterFailures: 3 });
    const referral = f.putReferral(T0);
    await f.accept('referral-updated', referral.id);
    await waitFor('the subscription to be disabled', async () => (await f.storage.subscriptions.get(TENANT, failing.id))?.status === 'disabled');
    await pipeline.drained();

    const disabled = (await f.storage.subscriptions.get(TENANT, failing.id))!;
    assert.match(disabled.disabledReason ?? '', /HTTP 500/);
    assert.equal(disabled.consecutiveFailures, 3);
    const attempts = f.subscriber.received.filter((r) => r.path === failing.path);
    assert.equal(attempts.length, 3);
    assert.equal(new Set(attempts.map((a) => a.webhookId)).size, 1, 'every retry carries the same webhook-id');
    assert.ok(attempts.every((a) => a.signatureValid));
    const [delivery] = await f.storage.outbox.listForSubscription(TENANT, failing.id, 10);
    assert.equal(delivery?.status, 'pending', 'kept for when the subscription is enabled again');
    assert.equal(delivery?.lastStatusCode, 500);

    // Enabled again with a healthy endpoint: the waiting delivery goes out.
    f.subscriber.answers.delete(failing.path);
    await f.storage.subscriptions.enable(TENANT, failing.id, new Date());
    await waitFor('the delivery after re-enabling', async () => (await f.storage.outbox.listForSubscription(TENANT, failing.id, 10))[0]?.status === 'delivered');
  });

  it('disables a subscription at once when its callback answers 410 Gone', async () => {
    const gone = await f.subscribe('referral-updated', { answer: 410 });
    const healthy = await f.subscribe('referral-updated');
    const pipeline = f.start();
    await f.accept('referral-updated', f.putReferral(T0).id);
    await pipeline.drained();

    const disabled = (await f.storage.subscriptions.get(TENANT, gone.id))!;
    assert.equal(disabled.status, 'disabled');
    assert.match(disabled.disabledReason ?? '', /410/);
    assert.equal((await f.storage.outbox.listForSubscription(TENANT, gone.id, 10))[0]?.status, 'dead');
    assert.equal(f.subscriber.received.filter((r) => r.path === gone.path).length, 1);
    assert.equal((await f.storage.subscriptions.get(TENANT, healthy.id))?.status, 'active');
    assert.equal(f.subscriber.received.filter((r) => r.path === healthy.path).length, 1);
  });

  it('never processes one event twice with two pipelines on one store, each with its own connection', async () => {
    await f.subscribe('referral-updated');
    const referrals = Array.from({ length: 60 }, () => f.putReferral(T0));
    const one = f.start({ inboxConcurrency: 4 }, 'worker-one');
    const two = f.start({ inboxConcurrency: 4 }, 'worker-two', await f.openAgain());
    f.pc.emulator.requestLog.length = 0;
    for (const r of referrals) await f.accept('referral-updated', r.id);
    one.notify();
    two.notify();
    await waitFor('every event to be processed', async () => (await f.storage.inbox.counts(TENANT)).done === referrals.length);
    await one.drained();
    await two.drained();

    const gets = f.pc.emulator.requestLog.filter((r) => r.method === 'GET');
    assert.equal(gets.length, referrals.length, 'one Partner Center GET per event');
    assert.equal(f.subscriber.received.length, referrals.length);
    assert.equal(new Set(f.subscriber.received.map((r) => r.webhookId)).size, referrals.length);
  });
});
