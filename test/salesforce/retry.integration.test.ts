import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { CrmUnavailableError } from '../../api/domain/crm.js';
import type { SalesforceGateway } from '../../api/salesforce/index.js';
import { opportunity, rejection, startOrg, type RunningOrg } from './gateway-fixture.js';

describe('salesforce gateway: backoff and giving up (integration)', () => {
  let org: RunningOrg;
  let gateway: SalesforceGateway;
  before(async () => {
    org = await startOrg();
    gateway = await org.gateway({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } });
  });
  after(() => org.close());
  beforeEach(() => org.reset());

  const statuses = (): number[] => org.emulator.requestLog.map((e) => e.status);

  it('waits and retries a 403 REQUEST_LIMIT_EXCEEDED, then succeeds', async () => {
    org.emulator.faults.inject({ status: 403, pathPattern: /\/query$/ });
    const rows = await gateway.find('User', { IsActive: true }, ['Username']);
    assert.equal(rows.length, 2);
    assert.deepEqual(statuses(), [403, 200]);
    assert.equal(org.sleeps.length, 1);
    assert.ok(org.sleeps[0]! >= 50 && org.sleeps[0]! <= 100, `first wait ${org.sleeps[0]}`);
  });

  it('retries a 503 on a GET itself, one request per attempt (jsforce\'s own backoff is off)', async () => {
    org.emulator.faults.inject({ status: 503, method: 'GET', times: 2 });
    const rows = await gateway.find('User', { IsActive: true }, ['Username']);
    assert.equal(rows.length, 2);
    assert.deepEqual(statuses(), [503, 503, 200]);
    assert.equal(org.sleeps.length, 2);
    assert.ok(org.sleeps[1]! >= 100 && org.sleeps[1]! <= 200, `second wait ${org.sleeps[1]}`);
  });

  it('retries a 503 on a create: Salesforce refused it before applying anything', async () => {
    org.emulator.faults.inject({ status: 503, method: 'POST', pathPattern: /composite\/sobjects$/ });
    const [result] = await gateway.createMany('Opportunity', [opportunity({ Name: 'after 503' })]);
    assert.equal(result?.ok, true);
    assert.deepEqual(statuses(), [503, 200]);
    assert.equal(org.emulator.store.list('Opportunity').filter((r) => r.Name === 'after 503').length, 1);
  });

  it('gives up with CrmUnavailableError after maxAttempts', async () => {
    org.emulator.faults.inject({ status: 403, times: 10 });
    const error = await rejection(gateway.find('User', { IsActive: true }, ['Username']));
    assert.ok(error instanceof CrmUnavailableError);
    assert.match(error.message, /REQUEST_LIMIT_EXCEEDED/);
    assert.deepEqual(statuses(), [403, 403, 403]);
    assert.equal(org.sleeps.length, 2);
  });

  it('does not repeat a create after a 500: it may have been applied', async () => {
    org.emulator.faults.inject({ status: 500, method: 'POST', times: 10 });
    const error = await rejection(gateway.createMany('Account', [{ Name: 'maybe' }]));
    assert.ok(error instanceof CrmUnavailableError);
    assert.deepEqual(statuses(), [500]);
    assert.deepEqual(org.sleeps, []);
  });

  it('repeats an update after a 500: writing the same values again is harmless', async () => {
    const [created] = await gateway.createMany('Account', [{ Name: 'Before' }]);
    assert.ok(created?.ok);
    org.reset();
    org.emulator.faults.inject({ status: 500, method: 'PATCH' });
    const [updated] = await gateway.updateMany('Account', [{ id: created.id, fields: { Name: 'After' } }]);
    assert.equal(updated?.ok, true);
    assert.deepEqual(statuses(), [500, 200]);
    assert.equal(org.emulator.store.get('Account', created.id)?.Name, 'After');
  });

  it('an org that refuses connections is CrmUnavailableError after maxAttempts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(org.gateway({ loginUrl: `http://127.0.0.1:${port}`, retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 } }));
    assert.ok(error instanceof CrmUnavailableError);
    assert.match(error.message, /ECONNREFUSED/);
    assert.equal(org.sleeps.length, 2);
  });

  it('counts the retried requests in usage()', async () => {
    const before = gateway.usage().calls;
    org.emulator.faults.inject({ status: 403, times: 2 });
    await gateway.find('User', { IsActive: true }, ['Username']);
    assert.equal(gateway.usage().calls - before, 3);
  });
});
