import assert from 'node:assert/strict';
import { manualClock } from '../../../../api/domain/clock.js';
import { changeDate } from '../../../../sandbox/partner-center/webhooks/index.js';
import { sample, TEST_NOW, type Json } from '../emulator-server.js';
import { startWebhookHarness, TENANT, type WebhookHarness } from './webhook-harness.js';

type ErrorBody = { error: { code: string; message: string; target?: string } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('partner center emulator: validation events (test-created)', () => {
  const clock = manualClock(TEST_NOW);
  let h: WebhookHarness;
  before(async () => { h = await startWebhookHarness({ emulator: { clock } }); });
  after(() => h.close());
  beforeEach(() => {
    clock.advance(61_000); // a fresh throttle window for every test
    h.pc.emulator.webhooks.registrations.clear();
    h.receiver.accepted.length = 0;
    h.receiver.acceptWith(undefined);
  });

  const post = () => h.webhookApi('post', '/validationEvents');
  const status = (correlationId: string) => h.webhookApi('get', `/validationEvents/${correlationId}`);

  it('requires a registration for test-created (400 otherwise)', async () => {
    const none = await post().expect(400);
    assert.equal((none.body as ErrorBody).error.code, 'invalidRequest');
    await h.register(['referral-created']);
    await post().expect(400);
  });

  it('answers with the documented { correlationId } and delivers a signed test-created event the receiver verifies', async () => {
    await h.register(['test-created']);
    const res = await post().expect(200);
    assert.deepEqual(Object.keys(res.body as Json), Object.keys(sample('webhook-validation-event-post-response.json')));
    const { correlationId } = res.body as { correlationId: string };
    assert.match(correlationId, UUID);
    await h.pc.emulator.webhooks.deliveries.idle();
    assert.equal(h.receiver.accepted.length, 1);
    const delivered = h.receiver.accepted[0];
    assert.deepEqual([delivered?.tenantId, delivered?.eventName, delivered?.resourceId], [TENANT, 'test-created', correlationId]);
    assert.deepEqual(JSON.parse(delivered?.rawBody ?? ''), {
      EventName: 'test-created',
      ResourceUri: `http://api.partnercenter.microsoft.com/webhooks/v1/registration/validationEvents/${correlationId}`,
      ResourceName: 'test',
      AuditUri: null,
      ResourceChangeUtcDate: changeDate(clock()),
    });
  });

  it('reports each attempt in the documented status shape', async () => {
    await h.register(['test-created']);
    const { correlationId } = (await post().expect(200)).body as { correlationId: string };
    await h.pc.emulator.webhooks.deliveries.idle();
    const res = await status(correlationId).expect(200);
    const expected = sample('webhook-validation-event-status-response.json');
    assert.deepEqual(Object.keys(res.body as Json), Object.keys(expected));
    assert.equal(res.body.correlationId, correlationId);
    assert.equal(res.body.partnerId, '7d23e5ca-19dc-4eaa-aac8-5e6b559f0d1d');
    assert.equal(res.body.status, 'completed');
    assert.equal(res.body.callbackUrl, h.receiver.urlFor(TENANT));
    const results = res.body.results as Json[];
    assert.equal(results.length, 1);
    assert.deepEqual(Object.keys(results[0] ?? {}), Object.keys((expected.results as Json[])[0] ?? {}));
    assert.deepEqual({ ...results[0], dateTimeUtc: undefined }, { responseCode: 'OK', responseMessage: '', systemError: false, dateTimeUtc: undefined });
    assert.match(String(results[0]?.dateTimeUtc), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
  });

  it('records a failed attempt, then the retry that succeeds', async () => {
    await h.register(['test-created']);
    let calls = 0;
    h.receiver.acceptWith(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('storage unavailable')) : Promise.resolve({ duplicate: false });
    });
    const { correlationId } = (await post().expect(200)).body as { correlationId: string };
    await h.pc.emulator.webhooks.deliveries.idle();
    const res = await status(correlationId).expect(200);
    assert.equal(res.body.status, 'completed');
    assert.deepEqual((res.body.results as Json[]).map((r) => [r.responseCode, r.systemError]), [['InternalServerError', false], ['OK', false]]);
    assert.match(String((res.body.results as Json[])[0]?.responseMessage), /internal_error/);
  });

  it('reports system errors when the callback cannot be reached, and fails after 10 attempts', async () => {
    await h.webhookApi('post').send({ WebhookUrl: 'http://127.0.0.1:1/unreachable', WebhookEvents: ['test-created'] }).expect(200);
    const { correlationId } = (await post().expect(200)).body as { correlationId: string };
    await h.pc.emulator.webhooks.deliveries.idle();
    const res = await status(correlationId).expect(200);
    assert.equal(res.body.status, 'failed');
    const results = res.body.results as Json[];
    assert.equal(results.length, 10);
    assert.ok(results.every((r) => r.systemError === true && r.responseCode === '' && String(r.responseMessage) !== ''));
  });

  it('throttles at 2 posts per minute with the documented 429 body and Retry-After', async () => {
    await h.register(['test-created']);
    await post().expect(200);
    clock.advance(10_000);
    await post().expect(200);
    const res = await post().expect(429);
    assert.equal(res.headers['retry-after'], '50');
    assert.deepEqual(res.body, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 50 seconds.' });
    clock.advance(50_001);
    await post().expect(200);
  });

  it('answers an unknown correlation id with 404', async () => {
    await status('00000000-0000-0000-0000-000000000000').expect(404);
  });

  it('purges results after 7 days', async () => {
    await h.register(['test-created']);
    const { correlationId } = (await post().expect(200)).body as { correlationId: string };
    await h.pc.emulator.webhooks.deliveries.idle();
    clock.advance(7 * 86_400_000 - 1_000);
    await status(correlationId).expect(200);
    clock.advance(2_000);
    await status(correlationId).expect(404);
  });
});
