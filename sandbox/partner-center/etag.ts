/**
 * eTags in the service's shape. Real values (`"00006d10-0000-0000-0000-5c70aa630000"`,
 * `"8500e212-0000-0100-0000-6225cdc90000"`) are Cosmos DB-style: a sequence in the first group and
 * the write's Unix seconds in hex in the last. The JSON value includes the double quotes, and
 * clients send it back byte-for-byte in If-Match.
 */
import { randomInt } from 'node:crypto';

export class ETagIssuer {
  private sequence: number;

  constructor(start: number = randomInt(0, 0x7fff_ffff)) {
    this.sequence = start >>> 0;
  }

  /** A new quoted eTag; never repeats within this issuer, even within one second. */
  next(writtenAtEpochMs: number): string {
    this.sequence = (this.sequence + 1) >>> 0;
    return formatETag(this.sequence, writtenAtEpochMs);
  }
}

export function formatETag(sequence: number, writtenAtEpochMs: number): string {
  const seq = (sequence >>> 0).toString(16).padStart(8, '0');
  const seconds = Math.floor(writtenAtEpochMs / 1000).toString(16).padStart(8, '0').slice(-8);
  return `"${seq}-0000-0000-0000-${seconds}0000"`;
}
