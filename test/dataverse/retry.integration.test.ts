import assert from 'node:assert/strict';
import { CrmConfigurationError, CrmUnavailableError } from '../../api/domain/crm.js';
import { opportunity, rejection, startEnvironment, type RunningEnvironment } from './gateway-fixture.js';

describe('dataverse gateway: retries and authentication (integration)', () => {
  let env: RunningEnvironment;
  before(async () => { env = await startEnvironment(); });
  after(async () => { await env.close(); });
  beforeEach(() => { env.reset(); });

  const faults = () => env.sandbox.dataverse.faults;

  it('waits Retry-After on a 429 and then succeeds', async () => {
    const gw = env.gateway();
    faults().inject({ status: 429, retryAfterSeconds: 3, times: 1, method: 'GET' });
    const rows = await gw.find('account', { name: 'nobody' }, ['name']);
    assert.deepEqual(rows, []);
    assert.deepEqual(env.sleeps, [3_000]);
    assert.deepEqual(env.sandbox.dataverse.requestLog.map((r) => r.status), [429, 200]);
  });

  it('retries a $batch refused with 429 as a whole, without writing twice', async () => {
    const gw = env.gateway();
    faults().inject({ status: 429, retryAfterSeconds: 1, times: 1, pathPattern: /\$batch/ });
    const results = await gw.createMany('opportunity', [opportunity({ name: 'after throttling' })]);
    assert.ok(results[0]?.ok);
    assert.deepEqual(env.sleeps, [1_000]);
    assert.equal((await gw.find('opportunity', { name: 'after throttling' }, ['name'])).length, 1);
  });

  it('gives up with CrmUnavailableError after the attempts, with backoff between them', async () => {
    const gw = env.gateway();
    faults().inject({ status: 503, times: 10, method: 'GET' });
    const err = await rejection(gw.find('account', { name: 'x' }, ['name']));
    assert.ok(err instanceof CrmUnavailableError, String(err));
    assert.equal(env.sleeps.length, 3);
    env.sleeps.forEach((ms, i) => assert.ok(ms >= 50 * 2 ** i && ms <= 100 * 2 ** i, `wait ${i}: ${ms}`));
  });

  it('gives up at once when Retry-After is longer than the longest wait, saying when to come back', async () => {
    const gw = env.gateway();
    faults().inject({ status: 429, retryAfterSeconds: 60, times: 1, method: 'GET' });
    const err = await rejection(gw.find('account', { name: 'x' }, ['name']));
    assert.ok(err instanceof CrmUnavailableError);
    assert.equal(err.retryAfterMs, 60_000);
    assert.deepEqual(env.sleeps, []);
  });

  it('gets one new token after a 401 and succeeds', async () => {
    const gw = env.gateway();
    faults().inject({ status: 401, times: 1 });
    assert.equal(await gw.integrationUserId(), env.sandbox.dataverse.integrationUserId);
    assert.deepEqual(env.sandbox.dataverse.requestLog.map((r) => r.status), [401, 200]);
  });

  it('reports a second 401 as a configuration error', async () => {
    const gw = env.gateway();
    faults().inject({ status: 401, times: 2 });
    assert.ok(await rejection(gw.integrationUserId()) instanceof CrmConfigurationError);
  });

  it('reports credentials the identity provider refuses as a configuration error, without the secret', async () => {
    const gw = env.gateway({ tokens: { getToken: () => Promise.reject(new Error('invalid_client (AADSTS7000215)')) } });
    const err = await rejection(gw.integrationUserId());
    assert.ok(err instanceof CrmConfigurationError);
    assert.doesNotMatch(err.message, /sandbox-dataverse-secret/);
  });

  it('counts every request, retries included, and the write calls', async () => {
    const gw = env.gateway();
    faults().inject({ status: 503, times: 1, method: 'GET' });
    await gw.find('account', { name: 'x' }, ['name']);
    await gw.createMany('account', [{ name: 'counted' }]);
    assert.deepEqual(gw.usage(), { calls: 3, writeCalls: 1, recordsWritten: 1 });
  });
});
