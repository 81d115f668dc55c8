/**
 * Every write gets a fresh `updatedDateTime` and eTag from one place, so creates, updates and
 * expiry stamp referrals the same way.
 */
import type { Clock } from '../../api/domain/clock.js';
import { ETagIssuer } from './etag.js';
import { parseInstant, TimestampIssuer } from './timestamps.js';

export interface WriteStamp { at: string; eTag: string }

export class WriteStamper {
  private readonly timestamps: TimestampIssuer;
  private readonly eTags = new ETagIssuer();

  constructor(readonly clock: Clock) {
    this.timestamps = new TimestampIssuer(clock);
  }

  next(): WriteStamp {
    const at = this.timestamps.next();
    const epochMs = parseInstant(at)?.epochMs ?? this.clock().getTime();
    return { at, eTag: this.eTags.next(epochMs) };
  }
}
