import assert from 'node:assert/strict';
import { ReferralStore } from '../../../sandbox/partner-center/referral-store.js';
import type { ReferralChange } from '../../../sandbox/partner-center/types.js';
import { incomingReferral, type Json } from './emulator-server.js';

describe('partner center emulator: referral store', () => {
  it('stores a copy: later changes to the caller\'s object do not leak in', () => {
    const store = new ReferralStore();
    const referral = incomingReferral({ id: 'a' });
    store.put(referral);
    (referral.details as Json).notes = 'mutated';
    assert.equal((store.get('a')?.details as Json).notes, 'pilot');
  });

  it('hands out copies: changing what get returns does not change the store', () => {
    const store = new ReferralStore();
    store.put(incomingReferral({ id: 'a' }));
    (store.get('a') as Json).status = 'Closed';
    assert.equal(store.get('a')?.status, 'New');
  });

  it('refuses a referral without a string id', () => {
    assert.throws(() => new ReferralStore().put({ name: 'x' }), TypeError);
  });

  it('lists by createdDateTime, then id', () => {
    const store = new ReferralStore();
    store.put(incomingReferral({ id: 'b', createdDateTime: '2026-01-01T00:00:00Z' }));
    store.put(incomingReferral({ id: 'a', createdDateTime: '2026-01-01T00:00:00.0000000Z' }));
    store.put(incomingReferral({ id: 'c', createdDateTime: '2025-12-31T23:59:59.9999999Z' }));
    assert.deepEqual(store.list().map((r) => r.id), ['c', 'a', 'b']);
  });

  it('re-indexes a replaced referral', () => {
    const store = new ReferralStore();
    store.put(incomingReferral({ id: 'a', updatedDateTime: '2026-01-01T00:00:00Z' }));
    store.put(incomingReferral({ id: 'b', updatedDateTime: '2026-01-02T00:00:00Z' }));
    store.put(incomingReferral({ id: 'a', updatedDateTime: '2026-01-03T00:00:00Z' }));
    assert.deepEqual([...store.scan('updatedDateTime', false)].map((r) => r.id), ['b', 'a']);
    assert.equal(store.size, 2);
  });

  it('reports created, then updated with the previous version, until unsubscribed', () => {
    const store = new ReferralStore();
    const changes: ReferralChange[] = [];
    const stop = store.onChange((c) => changes.push(c));
    store.put(incomingReferral({ id: 'a', name: 'one' }));
    store.put(incomingReferral({ id: 'a', name: 'two' }));
    stop();
    store.put(incomingReferral({ id: 'a', name: 'three' }));
    assert.deepEqual(changes.map((c) => [c.kind, c.referral.name, c.previous?.name]), [['created', 'one', undefined], ['updated', 'two', 'one']]);
  });

  it('keeps writing when a listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const store = new ReferralStore({ onListenerError: (e) => errors.push(e) });
    store.onChange(() => { throw new Error('listener bug'); });
    store.put(incomingReferral({ id: 'a' }));
    assert.equal(store.size, 1);
    assert.match(String(errors[0]), /listener bug/);
  });

  it('clears everything', () => {
    const store = new ReferralStore();
    store.put(incomingReferral({ id: 'a' }));
    store.clear();
    assert.equal(store.size, 0);
    assert.deepEqual(store.list(), []);
    assert.deepEqual([...store.scan('createdDateTime', true)], []);
  });
});
