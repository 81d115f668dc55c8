import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { PartnerCenterEmulator } from '../sandbox/partner-center/index.js';
import type { BenchCrm } from './crm-variants.js';

/** How the driver finds a referral's opportunity in a CRM emulator of this process, and reads its deal value. */
export interface CrmWatch {
  /** The opportunity's id for a referral, if the CRM holds one. */
  opportunityOf(referralId: string): string | undefined;
  /** The opportunity's deal value now (Amount, estimatedvalue). */
  dealValue(opportunityId: string): unknown;
}

/** What the benchmark asks the sandbox process to do: change referrals at a fixed rate and watch where each change lands. */
export interface DriveRequest {
  referralIds: string[];
  rate: number;
  durationS: number;
  /** How long a change may take to show before it counts as not arrived. */
  timeoutMs: number;
  /** Added to every deal value, so values are unique across phases (warm-up, measured). */
  valueBase: number;
  /** Wait for the opportunity's deal value in this CRM's emulator (this process); none: do not look at a CRM. */
  crm?: BenchCrm;
  /** Wait for the new version in the product's referral mirror (its SQLite file, read-only). */
  mirror?: { dbFile: string; tenantId: string };
}

/** Per change, ms from the Partner Center write to where it showed; null where it did not within the timeout. */
export interface DriveResult {
  sent: number;
  wallMs: number;
  /** How far behind schedule changes were sent, worst case (the rate is only fixed if this stays small). */
  maxSendLagMs: number;
  /** Time to the CRM opportunity's new deal value. */
  crmMs?: Array<number | null>;
  mirrorMs?: Array<number | null>;
  /** A newer change to the same referral was sent before this one showed: it can no longer be seen. */
  superseded: number;
}

/** How often pending changes are looked for when nothing else prompts a look: the figures' resolution. */
export const WATCH_INTERVAL_MS = 5;

interface Pending {
  index: number;
  referralId: string;
  opportunityId: string | undefined;
  amount: number;
  eTag: string;
  updatedMs: number;
  sentAt: number;
  crmAt?: number;
  mirrorAt?: number;
}

/** A strictly increasing Partner Center timestamp (7 fractional digits, as the service writes). */
function pcTimestamp(previousMs: number): { text: string; ms: number } {
  const ms = Math.max(Date.now(), previousMs + 1);
  return { text: new Date(ms).toISOString().replace(/Z$/, '0000Z'), ms };
}

/**
 * Changes referrals as Partner Center would (a new deal value, updatedDateTime and eTag; `store.put`,
 * which sends the signed webhook) at a fixed rate, and times each until it shows: in a CRM emulator's
 * opportunity deal value (checked after every request the emulator serves, since the product's writes
 * arrive only that way, and every WATCH_INTERVAL_MS) and/or in the product's mirror.
 */
export class UpdateDriver {
  private readonly pending = new Map<string, Pending>();
  private lastUpdatedMs = 0;

  constructor(private readonly pc: PartnerCenterEmulator, private readonly crms: Record<BenchCrm, CrmWatch>) {}

  /** Called by the emulator's request counter after each response. */
  check = (): void => {};

  async drive(req: DriveRequest): Promise<DriveResult> {
    if (req.referralIds.length === 0) throw new Error('no referrals to change');
    const crm = req.crm === undefined ? undefined : this.crms[req.crm];
    const opportunityOf = new Map<string, string | undefined>();
    if (crm) {
      for (const id of req.referralIds) {
        const opportunity = crm.opportunityOf(id);
        if (opportunity === undefined) throw new Error(`referral ${id} has no opportunity in the ${String(req.crm)} emulator`);
        opportunityOf.set(id, opportunity);
      }
    }
    const db = req.mirror ? new Database(req.mirror.dbFile, { readonly: true, fileMustExist: true }) : undefined;
    const mirrorRow = db?.prepare<[string, string], { e_tag: string; updated_date_time: string }>('SELECT e_tag, updated_date_time FROM referrals WHERE tenant_id = ? AND id = ?');
    const total = Math.round(req.rate * req.durationS);
    const all: Pending[] = [];
    let superseded = 0;
    let done = 0;
    let settle: (() => void) | undefined;
    const finished = new Promise<void>((resolve) => { settle = resolve; });

    const complete = (p: Pending) => {
      if (this.pending.get(p.referralId) === p) this.pending.delete(p.referralId);
      done += 1;
      if (done === total) settle!();
    };
    this.check = () => {
      const now = performance.now();
      for (const p of [...this.pending.values()]) {
        if (crm && p.crmAt === undefined && p.opportunityId !== undefined && crm.dealValue(p.opportunityId) === p.amount) p.crmAt = now;
        if (mirrorRow && p.mirrorAt === undefined) {
          const row = mirrorRow.get(req.mirror!.tenantId, p.referralId);
          if (row && (row.e_tag.includes(p.eTag) || Date.parse(row.updated_date_time) >= p.updatedMs)) p.mirrorAt = now;
        }
        const arrived = (!crm || p.crmAt !== undefined) && (!mirrorRow || p.mirrorAt !== undefined);
        if (arrived || now - p.sentAt > req.timeoutMs) complete(p);
      }
    };
    const watcher = setInterval(() => this.check(), WATCH_INTERVAL_MS);

    const started = performance.now();
    let maxSendLagMs = 0;
    try {
      for (let i = 0; i < total; i++) {
        const due = started + (i * 1000) / req.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
        const referralId = req.referralIds[i % req.referralIds.length]!;
        const earlier = this.pending.get(referralId);
        if (earlier) { superseded += 1; complete(earlier); }
        const referral = this.pc.store.get(referralId) as unknown as Record<string, unknown> & { details?: Record<string, unknown> };
        const amount = req.valueBase + i + 1;
        const stamp = pcTimestamp(this.lastUpdatedMs);
        this.lastUpdatedMs = stamp.ms;
        const eTag = randomUUID();
        referral.details = { ...referral.details, dealValue: amount };
        referral.updatedDateTime = stamp.text;
        referral.eTag = `"${eTag}"`;
        const p: Pending = { index: i, referralId, opportunityId: opportunityOf.get(referralId), amount, eTag, updatedMs: stamp.ms, sentAt: performance.now() };
        this.pending.set(referralId, p);
        all.push(p);
        this.pc.store.put(referral);
      }
      const waitLimit = setTimeout(() => settle!(), req.timeoutMs + 1000);
      await finished;
      clearTimeout(waitLimit);
    } finally {
      clearInterval(watcher);
      this.check = () => {};
      this.pending.clear();
      db?.close();
    }
    const latency = (at: number | undefined, p: Pending) => (at === undefined ? null : at - p.sentAt);
    return {
      sent: all.length,
      wallMs: performance.now() - started,
      maxSendLagMs,
      ...(crm ? { crmMs: all.map((p) => latency(p.crmAt, p)) } : {}),
      ...(mirrorRow ? { mirrorMs: all.map((p) => latency(p.mirrorAt, p)) } : {}),
      superseded,
    };
  }
}
