import assert from 'node:assert/strict';
import { parseRetryAfter } from '../../api/partner-center/errors.js';
import { retryDelayMs, type RetryPolicy } from '../../api/partner-center/retry-policy.js';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
const half = () => 0.5;

describe('retry policy', () => {
  it('honours Retry-After before anything else', () => {
    assert.equal(retryDelayMs(1, { status: 429, retryAfterSeconds: 1, idempotent: false }, policy, half), 1000);
  });
  it('gives up rather than wait less than a Retry-After beyond the cap', () => {
    assert.equal(retryDelayMs(1, { status: 429, retryAfterSeconds: 2, idempotent: true }, policy, half), undefined);
  });
  it('doubles the step each attempt, with equal jitter', () => {
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, { status: 503, idempotent: true }, policy, () => 0)), [50, 100, 200]);
    assert.deepEqual([1, 2, 3].map((n) => retryDelayMs(n, { status: 503, idempotent: true }, policy, () => 1)), [100, 200, 400]);
  });
  it('caps the step', () => {
    assert.equal(retryDelayMs(4, { status: 503, idempotent: true }, { ...policy, maxAttempts: 10 }, () => 1), 800);
    assert.equal(retryDelayMs(9, { status: 503, idempotent: true }, { ...policy, maxAttempts: 10 }, () => 1), 1000);
  });
  it('stops after the last attempt', () => {
    assert.equal(retryDelayMs(5, { status: 503, idempotent: true }, policy, half), undefined);
  });
  it('retries network errors only for idempotent calls', () => {
    assert.ok(retryDelayMs(1, { networkError: true, idempotent: true }, policy, half) !== undefined);
    assert.equal(retryDelayMs(1, { networkError: true, idempotent: false }, policy, half), undefined);
  });
  it('retries 502 and 504 only for idempotent calls', () => {
    assert.ok(retryDelayMs(1, { status: 502, idempotent: true }, policy, half) !== undefined);
    assert.equal(retryDelayMs(1, { status: 504, idempotent: false }, policy, half), undefined);
  });
  it('never retries client errors', () => {
    for (const status of [400, 401, 403, 404, 409, 412, 422, 500]) {
      assert.equal(retryDelayMs(1, { status, idempotent: true }, policy, half), undefined, String(status));
    }
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(parseRetryAfter('57'), 57);
    assert.equal(parseRetryAfter(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), new Date(Date.UTC(2026, 0, 1))), 30);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(null), undefined);
  });
});
