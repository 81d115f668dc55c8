import assert from 'node:assert/strict';
import { incomingReferral, REFERRALS, startEmulator, type Json, type RunningEmulator } from './emulator-server.js';

type ErrorBody = { error: { code: string; message: string; target?: string } };

describe('partner center emulator: PATCH', () => {
  let pc: RunningEmulator;
  let referral: Json;
  before(async () => { pc = await startEmulator(); });
  after(() => pc.close());
  beforeEach(() => {
    pc.emulator.store.clear();
    referral = incomingReferral({ team: [{ email: 'a@x.com' }, { email: 'b@x.com' }], 'odd/key~name': 1 });
    pc.emulator.store.put(referral);
  });

  const patch = (ops: unknown, headers: Record<string, string> = {}) =>
    pc.call('patch', `${REFERRALS}/${String(referral.id)}`).set(headers).send(ops as object);
  const stored = (): Json => pc.emulator.store.get(String(referral.id)) as Json;

  it('answers 204 with an empty body without Prefer', async () => {
    const res = await patch([{ op: 'replace', path: '/details/notes', value: 'x' }]).expect(204);
    assert.equal(res.text, '');
  });

  it('answers 200 with the referral and its ETag with Prefer: return=representation', async () => {
    const res = await patch([{ op: 'replace', path: '/details/notes', value: 'x' }], { Prefer: 'return=representation' }).expect(200);
    assert.equal(((res.body as Json).details as Json).notes, 'x');
    assert.equal(res.headers.etag, (res.body as Json).eTag);
  });

  it('stamps a new eTag and updatedDateTime in the service formats on every write', async () => {
    await patch([{ op: 'replace', path: '/details/notes', value: '1' }]).expect(204);
    const first = stored();
    await patch([{ op: 'replace', path: '/details/notes', value: '2' }]).expect(204);
    const second = stored();
    assert.match(String(first.eTag), /^"[0-9a-f]{8}-0000-0000-0000-[0-9a-f]{12}"$/);
    assert.notEqual(first.eTag, referral.eTag);
    assert.notEqual(second.eTag, first.eTag);
    assert.match(String(second.updatedDateTime), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    assert.ok(String(second.updatedDateTime) > String(first.updatedDateTime), 'timestamps never repeat, even on a frozen clock');
  });

  it('accepts the eTag back in If-Match byte-for-byte, quotes included', async () => {
    await patch([{ op: 'replace', path: '/details/notes', value: 'x' }], { 'If-Match': String(referral.eTag) }).expect(204);
  });

  it('refuses the eTag without its quotes (412)', async () => {
    await patch([{ op: 'replace', path: '/details/notes', value: 'x' }], { 'If-Match': String(referral.eTag).replace(/"/g, '') }).expect(412);
  });

  it('treats If-Match: * as matching any existing referral', async () => {
    await patch([{ op: 'replace', path: '/details/notes', value: 'x' }], { 'If-Match': '*' }).expect(204);
  });

  it('stores a string dealValue as a number', async () => {
    await patch([{ op: 'replace', path: '/details/dealValue', value: '12500.50' }]).expect(204);
    assert.equal((stored().details as Json).dealValue, 12500.5);
  });

  it('refuses a non-numeric dealValue', async () => {
    const res = await patch([{ op: 'replace', path: '/details/dealValue', value: 'lots' }]).expect(400);
    assert.equal((res.body as ErrorBody).error.target, 'details.dealValue');
  });

  it('inserts at a numeric array index and appends with -', async () => {
    await patch([{ op: 'add', path: '/team/1', value: { email: 'mid@x.com' } }, { op: 'add', path: '/team/-', value: { email: 'end@x.com' } }]).expect(204);
    assert.deepEqual((stored().team as Json[]).map((m) => m.email), ['a@x.com', 'mid@x.com', 'b@x.com', 'end@x.com']);
  });

  it('replaces an array element by index', async () => {
    await patch([{ op: 'replace', path: '/team/0/email', value: 'z@x.com' }]).expect(204);
    assert.equal((stored().team as Json[])[0]?.email, 'z@x.com');
  });

  it('unescapes ~1 and ~0 in pointer tokens', async () => {
    await patch([{ op: 'replace', path: '/odd~1key~0name', value: 2 }]).expect(204);
    assert.equal(stored()['odd/key~name'], 2);
  });

  it('adds a new member to an object, kept on later reads', async () => {
    await patch([{ op: 'add', path: '/externalReferenceId', value: '006000000000001AAA' }]).expect(204);
    const res = await pc.call('get', `${REFERRALS}/${String(referral.id)}`).expect(200);
    assert.equal((res.body as Json).externalReferenceId, '006000000000001AAA');
  });

  it('accepts New → Active/Accepted and records acceptedDateTime', async () => {
    await patch([{ op: 'replace', path: '/status', value: 'Active' }, { op: 'replace', path: '/substatus', value: 'Accepted' }]).expect(204);
    const after = stored();
    assert.deepEqual([after.status, after.substatus], ['Active', 'Accepted']);
    assert.equal(after.acceptedDateTime, after.updatedDateTime);
  });

  it('notifies store listeners with the previous version', async () => {
    const changes: Array<{ kind: string; previous?: Json; referral: Json }> = [];
    const stop = pc.emulator.store.onChange((c) => changes.push(c));
    await patch([{ op: 'replace', path: '/details/notes', value: 'x' }]).expect(204);
    stop();
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.kind, 'updated');
    assert.equal((changes[0]?.previous?.details as Json).notes, 'pilot');
    assert.equal((changes[0]?.referral.details as Json).notes, 'x');
  });

  describe('refusals change nothing', () => {
    const refusals: Array<[string, unknown, number, string | undefined]> = [
      ['a remove operation', [{ op: 'remove', path: '/details/notes' }], 400, '[0].op'],
      ['a move operation', [{ op: 'move', from: '/name', path: '/details/notes' }], 400, '[0].op'],
      ['a test operation', [{ op: 'test', path: '/name', value: 'x' }], 400, '[0].op'],
      ['a body that is not an array', { op: 'replace', path: '/name', value: 'x' }, 400, 'body'],
      ['an empty patch', [], 400, 'body'],
      ['a path without a leading slash', [{ op: 'replace', path: 'name', value: 'x' }], 400, '[0].path'],
      ['an invalid ~ escape', [{ op: 'replace', path: '/a~2b', value: 'x' }], 400, '[0].path'],
      ['a missing value', [{ op: 'replace', path: '/name' }], 400, '[0].value'],
      ['an index past the end', [{ op: 'add', path: '/team/5', value: {} }], 400, '/team/5'],
      ['an index with a leading zero', [{ op: 'replace', path: '/team/01', value: {} }], 400, '/team/01'],
      ['replace at -', [{ op: 'replace', path: '/team/-', value: {} }], 400, '/team/-'],
      ['a missing parent', [{ op: 'add', path: '/nothing/here', value: 1 }], 400, '/nothing/here'],
      ['a server-owned field', [{ op: 'replace', path: '/eTag', value: '"x"' }], 400, '/eTag'],
      ['an unknown status', [{ op: 'replace', path: '/status', value: 'Open' }], 400, 'status'],
      ['New → Active with substatus left Pending', [{ op: 'replace', path: '/status', value: 'Active' }], 400, 'substatus'],
      ['an invalid country code', [{ op: 'replace', path: '/customerProfile/address/country', value: 'USA' }], 400, 'customerProfile.address.country'],
      ['a later op failing after an earlier valid one', [{ op: 'replace', path: '/details/notes', value: 'changed' }, { op: 'remove', path: '/name' }], 400, '[1].op'],
      ['a valid op followed by a bad transition', [{ op: 'replace', path: '/details/notes', value: 'changed' }, { op: 'replace', path: '/status', value: 'None' }], 400, 'status'],
    ];
    for (const [what, ops, status, target] of refusals) {
      it(`refuses ${what}`, async () => {
        const before = stored();
        const res = await patch(ops).expect(status);
        assert.equal((res.body as ErrorBody).error.code, 'invalidRequest');
        assert.equal((res.body as ErrorBody).error.target, target);
        assert.deepEqual(stored(), before);
      });
    }
  });

  it('refuses an Active → New transition', async () => {
    pc.emulator.store.put({ ...referral, status: 'Active', substatus: 'Accepted' });
    const res = await patch([{ op: 'replace', path: '/status', value: 'New' }, { op: 'replace', path: '/substatus', value: 'Pending' }]).expect(400);
    assert.equal((res.body as ErrorBody).error.target, 'status');
  });

  for (const substatus of ['Won', 'Lost', 'Declined', 'Expired']) {
    it(`refuses any update to a Closed/${substatus} referral (terminal)`, async () => {
      pc.emulator.store.put({ ...referral, status: 'Closed', substatus });
      const res = await patch([{ op: 'replace', path: '/details/notes', value: 'too late' }]).expect(400);
      assert.match((res.body as ErrorBody).error.message, /terminal/);
      assert.equal((stored().details as Json).notes, 'pilot');
    });
  }

  it('checks If-Match before anything else', async () => {
    pc.emulator.store.put({ ...referral, status: 'Closed', substatus: 'Won' });
    await patch([{ op: 'remove', path: '/name' }], { 'If-Match': '"stale"' }).expect(412);
  });

  it('answers 404 itemNotFound for an unknown id', async () => {
    const res = await pc.call('patch', `${REFERRALS}/nope`).send([{ op: 'replace', path: '/name', value: 'x' }]).expect(404);
    assert.equal((res.body as ErrorBody).error.code, 'itemNotFound');
  });

  it('accepts application/json-patch+json too', async () => {
    await pc.call('patch', `${REFERRALS}/${String(referral.id)}`).set('Content-Type', 'application/json-patch+json')
      .send(JSON.stringify([{ op: 'replace', path: '/name', value: 'x' }])).expect(204);
  });

  it('accepts the connector\'s trailing-slash deal-registration path', async () => {
    await pc.call('patch', `${REFERRALS}/${String(referral.id)}//`)
      .send([{ op: 'add', path: '/registrations', value: [] }, { op: 'add', path: '/registrations/-', value: { type: 'AzureIPCoSell' } }]).expect(204);
    assert.deepEqual(stored().registrations, [{ type: 'AzureIPCoSell' }]);
  });
});
