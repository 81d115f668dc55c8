import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { REFERRALS, sample, startEmulator, TEST_NOW, type Json, type RunningEmulator } from './emulator-server.js';

type ErrorBody = { error: { code: string; message: string; target?: string } };

const minimal = (overrides: Json = {}): Json => ({
  type: 'Independent',
  customerProfile: { name: 'Fabrikam', address: { country: 'DE' } },
  consent: { consentToToShareInfoWithOthers: false, consentToContact: true },
  details: { dealValue: 1000, currency: 'EUR' },
  ...overrides,
});

describe('partner center emulator: POST (create)', () => {
  let pc: RunningEmulator;
  before(async () => { pc = await startEmulator({ organizationId: 'org-1', organizationName: 'Org One' }); });
  after(() => pc.close());
  beforeEach(() => { pc.emulator.store.clear(); });

  const create = (body: unknown, headers: Record<string, string> = {}) => pc.call('post', REFERRALS).set(headers).send(body as object);

  it('answers 201 with the stored referral, its ETag and Location', async () => {
    const res = await create(minimal()).expect(201);
    const body = res.body as Json;
    assert.equal(res.headers.etag, body.eTag);
    assert.equal(res.headers.location, `${pc.base}${REFERRALS}/${String(body.id)}`);
    const { links: _links, ...rest } = body;
    assert.deepEqual(rest, pc.emulator.store.get(String(body.id)));
  });

  it('assigns ids, organization, Outgoing direction and service-format timestamps and eTag', async () => {
    const body = (await create(minimal()).expect(201)).body as Json;
    assert.match(String(body.id), /^[0-9a-f-]{36}$/);
    assert.match(String(body.engagementId), /^[0-9a-f-]{36}$/);
    assert.equal(body.organizationId, 'org-1');
    assert.equal(body.organizationName, 'Org One');
    assert.equal(body.direction, 'Outgoing');
    assert.match(String(body.createdDateTime), new RegExp(`^${TEST_NOW.toISOString().slice(0, 19)}\\.\\d{7}Z$`));
    assert.equal(body.updatedDateTime, body.createdDateTime);
    assert.equal(body.acceptedDateTime, body.createdDateTime);
    assert.equal(body.expirationDateTime, null);
    assert.match(String(body.eTag), /^"[0-9a-f]{8}-0000-0000-0000-[0-9a-f]{8}0000"$/);
  });

  it('brings an outgoing referral sent as New/Pending back as Active/Accepted', async () => {
    const body = (await create(minimal({ type: 'Shared', status: 'New', substatus: 'Pending' })).expect(201)).body as Json;
    assert.deepEqual([body.status, body.substatus], ['Active', 'Accepted']);
  });

  it('keeps the engagementId it is given, tying the Microsoft referral to the partner\'s (two-step co-sell)', async () => {
    const first = (await create(minimal({ type: 'Shared', target: [{ type: 'SolutionProfile', id: 'SOL-34104-EBB' }] })).expect(201)).body as Json;
    const second = (await create(minimal({ type: 'Shared', engagementId: first.engagementId, target: [{ type: 'BusinessProfileLocation', id: 'msft' }] })).expect(201)).body as Json;
    assert.equal(second.engagementId, first.engagementId);
    assert.notEqual(second.id, first.id);
    const related = await pc.call('get', `${REFERRALS}?$filter=${encodeURIComponent(`engagementId eq '${String(first.engagementId)}'`)}`).expect(200);
    assert.equal((related.body as { value: Json[] }).value.length, 2);
  });

  it('keeps unknown fields as given', async () => {
    const body = (await create(minimal({ salesStage: 'Qualify', trackingInfo: { microsoftMsxId: null } })).expect(201)).body as Json;
    assert.equal(body.salesStage, 'Qualify');
    assert.deepEqual(body.trackingInfo, { microsoftMsxId: null });
  });

  it('ignores server-owned fields in the body', async () => {
    const body = (await create(minimal({ id: 'mine', organizationId: 'evil', direction: 'Incoming', eTag: '"x"' })).expect(201)).body as Json;
    assert.notEqual(body.id, 'mine');
    assert.equal(body.organizationId, 'org-1');
    assert.equal(body.direction, 'Outgoing');
    assert.notEqual(body.eTag, '"x"');
  });

  it('stores a string dealValue as a number', async () => {
    const body = (await create(minimal({ details: { dealValue: '2500' } })).expect(201)).body as Json;
    assert.equal((body.details as Json).dealValue, 2500);
  });

  it('emits a created change', async () => {
    const kinds: string[] = [];
    const stop = pc.emulator.store.onChange((c) => kinds.push(c.kind));
    await create(minimal()).expect(201);
    stop();
    assert.deepEqual(kinds, ['created']);
  });

  it('creates once when a retry repeats the request-id (idempotency)', async () => {
    const requestId = randomUUID();
    const first = (await create(minimal(), { 'request-id': requestId }).expect(201)).body as Json;
    const retry = await create(minimal(), { 'request-id': requestId }).expect(201);
    assert.equal((retry.body as Json).id, first.id);
    assert.equal(retry.headers['request-id'], requestId);
    assert.equal(pc.emulator.store.size, 1);
  });

  describe('validation', () => {
    for (const field of ['type', 'customerProfile', 'consent', 'details']) {
      it(`requires ${field}`, async () => {
        const body = minimal();
        delete body[field];
        const res = await create(body).expect(400);
        assert.deepEqual([(res.body as ErrorBody).error.code, (res.body as ErrorBody).error.target], ['invalidRequest', field]);
      });
    }

    const invalid: Array<[string, Json, string]> = [
      ['an unknown type', { type: 'Private' }, 'type'],
      ['an unknown qualification', { qualification: 'Hot' }, 'qualification'],
      ['an unknown status', { status: 'Open' }, 'status'],
      ['the None status', { status: 'None' }, 'status'],
      ['a substatus that does not fit the status', { status: 'New', substatus: 'Won' }, 'substatus'],
      ['Closed without a substatus', { status: 'Closed' }, 'substatus'],
      ['an unknown target type', { target: [{ type: 'Partner', id: 'x' }] }, 'target[0].type'],
      ['a three-letter country', { customerProfile: { address: { country: 'DEU' } } }, 'customerProfile.address.country'],
      ['a bad currency', { details: { currency: 'EURO' } }, 'details.currency'],
      ['a bad closing date', { details: { closingDateTime: 'next week' } }, 'details.closingDateTime'],
      ['a negative deal value', { details: { dealValue: -5 } }, 'details.dealValue'],
      ['a team that is not an array', { team: { email: 'x' } }, 'team'],
    ];
    for (const [what, overrides, target] of invalid) {
      it(`refuses ${what}`, async () => {
        const res = await create(minimal(overrides)).expect(400);
        assert.equal((res.body as ErrorBody).error.target, target);
        assert.equal(pc.emulator.store.size, 0);
      });
    }

    it('refuses a body that is not an object', async () => {
      await create([sample('referral-create-request.json')]).expect(400);
    });
  });
});
