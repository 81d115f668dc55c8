import assert from 'node:assert/strict';
import { manualClock } from '../../../api/domain/clock.js';
import { createPartnerCenterEmulator, demoReferrals } from '../../../sandbox/partner-center/index.js';
import { checkPair } from '../../../sandbox/partner-center/transitions.js';
import { canonicalInstant } from '../../../sandbox/partner-center/timestamps.js';
import type { Referral } from '../../../sandbox/partner-center/types.js';
import { validateFields } from '../../../sandbox/partner-center/validation.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const make = (count: number, seed?: number): Referral[] => demoReferrals({ count, clock: manualClock(NOW), ...(seed === undefined ? {} : { seed }) });

describe('partner center emulator: demo referrals', () => {
  const referrals = make(400);

  it('returns exactly the requested number', () => {
    assert.equal(make(0).length, 0);
    assert.equal(make(7).length, 7);
    assert.equal(referrals.length, 400);
  });

  it('is deterministic for a seed and clock, and differs by seed', () => {
    assert.deepEqual(make(50), make(50));
    assert.notDeepEqual(make(50, 2), make(50, 3));
  });

  it('gives every referral a unique id', () => {
    assert.equal(new Set(referrals.map((r) => r.id)).size, referrals.length);
  });

  it('holds only valid enums, pairs, ISO-2 countries and ISO 4217 currencies', () => {
    for (const r of referrals) {
      assert.equal(validateFields(r), undefined, r.id);
      assert.equal(checkPair(r), undefined, r.id);
      assert.match(String(r.customerProfile?.address?.country), /^[A-Z]{2}$/);
      assert.match(String(r.details?.currency), /^[A-Z]{3}$/);
      assert.match(String(r.eTag), /^"[0-9a-f]{8}-0000-0000-0000-[0-9a-f]{12}"$/);
    }
  });

  it('keeps created ≤ updated ≤ now', () => {
    const now = canonicalInstant(NOW.toISOString()) ?? '';
    for (const r of referrals) {
      const created = canonicalInstant(r.createdDateTime) ?? '';
      const updated = canonicalInstant(r.updatedDateTime) ?? '';
      assert.ok(created <= updated && updated <= now, `${r.id}: ${created} ${updated}`);
    }
  });

  it('has nothing expiring within the first hour after seeding', () => {
    const clock = manualClock(NOW);
    const emulator = createPartnerCenterEmulator({ clock });
    for (const r of demoReferrals({ count: 400, clock })) emulator.store.put(r);
    clock.advance(3_600_000);
    assert.equal(emulator.expireDue(), 0);
  });

  it('gives unanswered incoming referrals their 14-day deadline', () => {
    const waiting = referrals.filter((r) => r.direction === 'Incoming' && r.status === 'New');
    assert.ok(waiting.length > 0);
    for (const r of waiting) {
      const days = (Date.parse(String(r.expirationDateTime)) - Date.parse(String(r.createdDateTime))) / 86_400_000;
      assert.ok(Math.abs(days - 14) < 0.001, `${r.id}: ${days}`);
    }
  });

  it('covers the documented categories', () => {
    const some = (what: string, test: (r: Referral) => boolean): void => assert.ok(referrals.some(test), what);
    some('incoming Microsoft co-sell awaiting an answer', (r) => r.type === 'Shared' && r.qualification === 'SalesQualified' && r.direction === 'Incoming' && r.status === 'New' && r.inviteContext?.invitedBy?.organizationId === 'msft');
    some('marketplace lead from msft', (r) => r.type === 'Independent' && r.qualification === 'Direct' && r.inviteContext?.invitedBy?.organizationId === 'msft');
    some('marketplace lead without an inviter', (r) => r.type === 'Independent' && r.qualification === 'Direct' && r.inviteContext?.invitedBy === null);
    some('qualified lead', (r) => r.type === 'Independent' && (r.qualification === 'SalesQualified' || r.qualification === 'MarketingQualified'));
    some('outgoing shared, accepted, targeting a solution', (r) => r.direction === 'Outgoing' && r.status === 'Active' && r.target?.[0]?.type === 'SolutionProfile' && /^SOL-\d{5}-[A-Z]{3}$/.test(String(r.target[0].id)));
    some('Microsoft-targeted companion of a shared referral', (r) => r.target?.[0]?.type === 'BusinessProfileLocation' && referrals.some((o) => o.id !== r.id && o.engagementId === r.engagementId));
    for (const substatus of ['Won', 'Lost', 'Declined', 'Expired']) some(`Closed/${substatus}`, (r) => r.status === 'Closed' && r.substatus === substatus);
    for (const country of ['US', 'GB', 'DE', 'FR', 'JP']) some(`a customer in ${country}`, (r) => r.customerProfile?.address?.country === country);
  });
});
