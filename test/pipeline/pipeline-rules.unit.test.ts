import assert from 'node:assert/strict';
import { nextAttemptAt } from '../../api/pipeline/backoff.js';
import { callbackUrlProblem } from '../../api/pipeline/callback-url.js';
import { describeFailure, PermanentFailure } from '../../api/pipeline/failure.js';
import { resolvePipelineOptions } from '../../api/pipeline/options.js';
import { deliveryMessageId, occurredAt, triggerFor } from '../../api/pipeline/trigger-payload.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const POLICY = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 6_000 };
const delay = (attempts: number, random: number, retryAfterMs?: number) => {
  const at = nextAttemptAt(attempts, NOW, POLICY, { random: () => random, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  return at === null ? null : at.getTime() - NOW.getTime();
};

describe('pipeline rules', () => {
  describe('backoff', () => {
    it('doubles per attempt with equal jitter, capped', () => {
      assert.deepEqual([1, 2, 3, 4].map((n) => delay(n, 0)), [500, 1_000, 2_000, 3_000]);
      assert.deepEqual([1, 2, 3, 4].map((n) => delay(n, 1)), [1_000, 2_000, 4_000, 6_000]);
    });

    it('gives up after the last attempt', () => {
      assert.equal(delay(5, 0.5), null);
    });

    it('waits at least a Retry-After, within the cap', () => {
      assert.equal(delay(1, 0, 4_000), 4_000);
      assert.equal(delay(1, 0, 60_000), 6_000);
    });
  });

  describe('triggers', () => {
    it('maps event names to triggers', () => {
      assert.equal(triggerFor('referral-created'), 'referral-created');
      for (const name of ['referral-updated', 'related-referral-created', 'related-referral-updated']) assert.equal(triggerFor(name), 'referral-updated');
      assert.equal(triggerFor('test-created'), undefined);
      assert.equal(triggerFor('anything-else'), undefined);
    });

    it('gives one stable webhook-id per subscription, trigger, referral and version', () => {
      const id = deliveryMessageId('s1', 'referral-updated', 'r1', '2026-03-01T10:00:00.0000000Z');
      assert.match(id, /^msg_[A-Za-z0-9_-]{32}$/);
      assert.equal(deliveryMessageId('s1', 'referral-updated', 'r1', '2026-03-01T10:00:00.0000000Z'), id);
      assert.notEqual(deliveryMessageId('s2', 'referral-updated', 'r1', '2026-03-01T10:00:00.0000000Z'), id);
      assert.notEqual(deliveryMessageId('s1', 'referral-updated', 'r1', '2026-03-01T10:00:00.0000001Z'), id);
    });

    it('uses ResourceChangeUtcDate as occurredAt when it is a date-time', () => {
      assert.equal(occurredAt('2018-02-17T00:05:39.5485487+00:00', NOW), '2018-02-17T00:05:39.5485487+00:00');
      assert.equal(occurredAt('soon', NOW), NOW.toISOString());
      assert.equal(occurredAt(null, NOW), NOW.toISOString());
    });
  });

  describe('callback URLs', () => {
    it('allows https, and http to loopback only when asked', () => {
      assert.equal(callbackUrlProblem('https://prod-01.westeurope.logic.azure.com/workflows/x?sig=y', { allowLoopbackHttp: false }), undefined);
      assert.match(callbackUrlProblem('http://127.0.0.1:8080/hook', { allowLoopbackHttp: false }) ?? '', /https/);
      assert.equal(callbackUrlProblem('http://127.0.0.1:8080/hook', { allowLoopbackHttp: true }), undefined);
      assert.equal(callbackUrlProblem('http://localhost/hook', { allowLoopbackHttp: true }), undefined);
      assert.match(callbackUrlProblem('http://example.com/hook', { allowLoopbackHttp: true }) ?? '', /https/);
      assert.match(callbackUrlProblem('https://user:pw@example.com/hook', { allowLoopbackHttp: false }) ?? '', /credentials/);
      assert.match(callbackUrlProblem('/relative', { allowLoopbackHttp: false }) ?? '', /absolute/);
    });
  });

  describe('failures', () => {
    it('treats 400/422 and the pipeline\'s own permanent failures as final, others as worth retrying', () => {
      const withStatus = (status: number, retryAfterSeconds?: number) => Object.assign(new Error('upstream'), { status, retryAfterSeconds });
      assert.equal(describeFailure(withStatus(400)).permanent, true);
      assert.equal(describeFailure(new PermanentFailure('no version')).permanent, true);
      assert.equal(describeFailure(withStatus(503)).permanent, false);
      assert.equal(describeFailure(withStatus(401)).permanent, false);
      assert.equal(describeFailure(withStatus(429, 7)).retryAfterMs, 7_000);
      assert.equal(describeFailure('odd').message, 'odd');
    });
  });

  describe('options', () => {
    it('fills defaults and refuses nonsense', () => {
      assert.equal(resolvePipelineOptions().inboxMaxAttempts, 8);
      assert.equal(resolvePipelineOptions({ inboxMaxAttempts: 3 }).inboxMaxAttempts, 3);
      assert.throws(() => resolvePipelineOptions({ pollIntervalMs: 0 }), RangeError);
      assert.throws(() => resolvePipelineOptions({ outboxLeaseMs: 1_000, deliveryTimeoutMs: 5_000 }), RangeError);
    });
  });
});
