import assert from 'node:assert/strict';
import { manualClock } from '../../../api/domain/clock.js';
import { incomingReferral, REFERRALS, startEmulator, type Json, type RunningEmulator } from './emulator-server.js';

const CREATED = '2026-03-01T08:00:00.0000000Z';
const DAY = 86_400_000;

describe('partner center emulator: 14-day expiry', () => {
  const clock = manualClock(new Date(CREATED));
  let pc: RunningEmulator;
  before(async () => { pc = await startEmulator({ clock }); });
  after(() => pc.close());
  beforeEach(() => {
    pc.emulator.store.clear();
    clock.set(new Date(CREATED));
  });

  const put = (overrides: Json = {}): Json => {
    const referral = incomingReferral({ createdDateTime: CREATED, updatedDateTime: CREATED, ...overrides });
    pc.emulator.store.put(referral);
    return referral;
  };
  const state = (id: unknown): [unknown, unknown] => {
    const r = pc.emulator.store.get(String(id)) as Json;
    return [r.status, r.substatus];
  };

  it('leaves an unanswered incoming referral alone for 14 days', () => {
    const r = put();
    clock.advance(14 * DAY - 1);
    assert.equal(pc.emulator.expireDue(), 0);
    assert.deepEqual(state(r.id), ['New', 'Pending']);
  });

  it('archives it as Closed/Expired after 14 days, stamped now with a new eTag', () => {
    const r = put();
    clock.advance(14 * DAY + 1);
    assert.equal(pc.emulator.expireDue(), 1);
    const after = pc.emulator.store.get(String(r.id)) as Json;
    assert.deepEqual([after.status, after.substatus], ['Closed', 'Expired']);
    assert.equal(after.updatedDateTime, `${clock().toISOString().slice(0, 23)}0000Z`);
    assert.equal(after.closedDateTime, after.updatedDateTime);
    assert.notEqual(after.eTag, r.eTag);
  });

  it('expires New/Received too (received but never answered)', () => {
    const r = put({ substatus: 'Received' });
    clock.advance(15 * DAY);
    pc.emulator.expireDue();
    assert.deepEqual(state(r.id), ['Closed', 'Expired']);
  });

  it('runs lazily: the next read already sees the expiry', async () => {
    const r = put();
    clock.advance(20 * DAY);
    const res = await pc.call('get', `${REFERRALS}/${String(r.id)}`).expect(200);
    assert.deepEqual([(res.body as Json).status, (res.body as Json).substatus], ['Closed', 'Expired']);
  });

  it('is seen by an incremental sync that last ran after the deadline', async () => {
    const r = put();
    clock.advance(20 * DAY);
    const watermark = new Date(clock().getTime() - 1).toISOString();
    const res = await pc.call('get', `${REFERRALS}?$filter=${encodeURIComponent(`updatedDateTime gt ${watermark}`)}`).expect(200);
    assert.deepEqual((res.body as { value: Json[] }).value.map((x) => x.id), [r.id]);
  });

  it('honours an earlier expirationDateTime', () => {
    const r = put({ expirationDateTime: '2026-03-05T00:00:00Z' });
    clock.set(new Date('2026-03-05T00:00:01Z'));
    assert.equal(pc.emulator.expireDue(), 1);
    assert.deepEqual(state(r.id), ['Closed', 'Expired']);
  });

  it('never expires outgoing, accepted or closed referrals', () => {
    const outgoing = put({ direction: 'Outgoing' });
    const active = put({ status: 'Active', substatus: 'Accepted' });
    const won = put({ status: 'Closed', substatus: 'Won' });
    clock.advance(100 * DAY);
    assert.equal(pc.emulator.expireDue(), 0);
    assert.deepEqual([state(outgoing.id), state(active.id), state(won.id)], [['New', 'Pending'], ['Active', 'Accepted'], ['Closed', 'Won']]);
  });

  it('stops the clock for a referral accepted in time', async () => {
    const r = put();
    clock.advance(3 * DAY);
    await pc.call('patch', `${REFERRALS}/${String(r.id)}`)
      .send([{ op: 'replace', path: '/status', value: 'Active' }, { op: 'replace', path: '/substatus', value: 'Accepted' }]).expect(204);
    clock.advance(30 * DAY);
    assert.equal(pc.emulator.expireDue(), 0);
  });

  it('notifies listeners of the expiry as an update', () => {
    put();
    const changes: Array<{ kind: string; previous?: Json; referral: Json }> = [];
    const stop = pc.emulator.store.onChange((c) => changes.push(c));
    clock.advance(15 * DAY);
    pc.emulator.expireDue();
    stop();
    assert.equal(changes.length, 1);
    assert.equal(changes[0]?.kind, 'updated');
    assert.equal(changes[0]?.previous?.status, 'New');
    assert.equal(changes[0]?.referral.substatus, 'Expired');
  });

  it('makes the expired referral terminal', async () => {
    const r = put();
    clock.advance(15 * DAY);
    await pc.call('patch', `${REFERRALS}/${String(r.id)}`)
      .send([{ op: 'replace', path: '/status', value: 'Active' }, { op: 'replace', path: '/substatus', value: 'Accepted' }]).expect(400);
  });
});
