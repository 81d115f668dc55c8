import assert from 'node:assert/strict';
import { manualClock } from '../../../api/domain/clock.js';
import { ETagIssuer } from '../../../sandbox/partner-center/etag.js';
import { SkipTokenCodec } from '../../../sandbox/partner-center/skiptoken.js';
import { canonicalInstant, TimestampIssuer } from '../../../sandbox/partner-center/timestamps.js';

describe('partner center emulator: wire formats', () => {
  it('normalizes date-times of any precision to a sortable 7-digit UTC form', () => {
    assert.equal(canonicalInstant('2022-03-07T05:08:23.810144Z'), '2022-03-07T05:08:23.8101440Z');
    assert.equal(canonicalInstant('2020-10-30T21:03:00Z'), '2020-10-30T21:03:00.0000000Z');
    assert.equal(canonicalInstant('2026-01-01T01:00:00+01:00'), '2026-01-01T00:00:00.0000000Z');
    assert.equal(canonicalInstant('2026-02-30T00:00:00Z'), undefined);
    assert.equal(canonicalInstant('yesterday'), undefined);
  });

  it('issues distinct, increasing timestamps on a frozen clock', () => {
    const issuer = new TimestampIssuer(manualClock(new Date('2026-01-01T00:00:00Z')));
    const stamps = Array.from({ length: 3 }, () => issuer.next());
    assert.deepEqual(stamps, ['2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000001Z', '2026-01-01T00:00:00.0000002Z']);
  });

  it('follows a clock that is set back', () => {
    const clock = manualClock(new Date('2026-01-02T00:00:00Z'));
    const issuer = new TimestampIssuer(clock);
    issuer.next();
    clock.set(new Date('2026-01-01T00:00:00Z'));
    assert.equal(issuer.next(), '2026-01-01T00:00:00.0000000Z');
  });

  it('issues quoted Cosmos-style eTags with the write second in the last group', () => {
    const issuer = new ETagIssuer(0x6d0f);
    assert.equal(issuer.next(Date.parse('2019-02-23T02:05:23Z')), '"00006d10-0000-0000-0000-5c70aa630000"');
  });

  it('round-trips a skiptoken and refuses one signed by another emulator', () => {
    const state = { filter: "status eq 'New'", count: true, pageSize: 10, afterKey: 'k', afterId: 'i' };
    const codec = new SkipTokenCodec();
    assert.deepEqual(codec.decode(codec.encode(state)), state);
    assert.throws(() => new SkipTokenCodec().decode(codec.encode(state)), /skiptoken/);
  });
});
