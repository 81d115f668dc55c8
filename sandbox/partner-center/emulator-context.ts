/** What the HTTP handlers share: the store, write stamping, paging codec and the partner's identity. */
import type { Request, Response } from 'express';
import type { ReferralStore } from './referral-store.js';
import type { SkipTokenCodec } from './skiptoken.js';
import type { WriteStamper } from './write-stamp.js';

export interface EmulatorContext {
  store: ReferralStore;
  stamper: WriteStamper;
  skipTokens: SkipTokenCodec;
  organizationId: string;
  organizationName: string;
  maxPageSize: number;
  /** Absolute base URL of the emulator mount for this request. */
  baseUrl(req: Request, res: Response): string;
  /** Runs the expiry sweep; called before every API request. */
  expireDue(): number;
}
