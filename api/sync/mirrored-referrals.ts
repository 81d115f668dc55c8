import type { ListQuery, NewReferral, ReferralChange, ReferralPage, ReferralReader, ReferralWriter } from '../domain/ports.js';
import type { Referral } from '../domain/referral.js';
import type { Storage, StoredReferral } from '../storage/types.js';
import { mirrorReady } from './mirror-state.js';
import { queueReferralChange } from './synthetic-event.js';

const MIRROR_CURSOR_PREFIX = 'mirror:';

export interface JsonPage {
  /** Each referral as normalized JSON text, as the mirror stores it. */
  items: string[];
  cursor?: string;
}

/**
 * Partner Center, with the tenant's local mirror in front of lists. Single reads and every write go to
 * Partner Center; a write is also queued as a change for the pipeline, which updates the mirror and
 * tells trigger subscribers within moments instead of waiting for Partner Center's webhook. Lists are
 * served from the mirror once it has been filled, which costs no Partner Center call and keeps the
 * API fast. Until then lists pass through to Partner Center.
 */
export class MirroredReferrals implements ReferralReader, ReferralWriter {
  constructor(
    private readonly live: ReferralReader & ReferralWriter,
    private readonly storage: Storage,
    private readonly tenantId: string,
    private readonly notify: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get(id: string): Promise<Referral> {
    return this.live.get(id);
  }

  async list(query: ListQuery, cursor?: string): Promise<ReferralPage> {
    const page = await this.listJson(query, cursor);
    if (!page) return this.live.list(query, cursor);
    return { items: page.items.map((j) => JSON.parse(j) as Referral), ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) };
  }

  /** The mirror's page as JSON texts, or undefined when lists must go to Partner Center. */
  async listJson(query: ListQuery, cursor?: string): Promise<JsonPage | undefined> {
    const fromMirror = cursor?.startsWith(MIRROR_CURSOR_PREFIX) ?? false;
    if (cursor !== undefined && !fromMirror) return undefined;
    if (!fromMirror && !(await mirrorReady(this.storage.cursors, this.tenantId))) return undefined;
    const after = fromMirror ? decodeCursor(cursor!) : undefined;
    const rows = await this.storage.referrals.list(this.tenantId, {
      ...pickFilters(query),
      order: query.order,
      limit: query.top + 1,
      ...(after ? { after } : {}),
    });
    const more = rows.length > query.top;
    const page = more ? rows.slice(0, query.top) : rows;
    const last = page.at(-1);
    return { items: page.map((r) => r.json), ...(more && last ? { cursor: encodeCursor(last) } : {}) };
  }

  listByEngagement(engagementId: string): Promise<Referral[]> {
    return this.live.listByEngagement(engagementId);
  }

  async create(referral: NewReferral): Promise<Referral> {
    return this.announce(await this.live.create(referral), 'referral-created');
  }

  async update(current: Referral, changes: ReferralChange[], options: { ifMatch: string }): Promise<Referral> {
    return this.announce(await this.live.update(current, changes, options), 'referral-updated');
  }

  private async announce(referral: Referral, kind: 'referral-created' | 'referral-updated'): Promise<Referral> {
    const updatedDateTime = referral.updatedDateTime ?? referral.createdDateTime;
    if (updatedDateTime !== undefined) {
      await queueReferralChange(this.storage, { tenantId: this.tenantId, referralId: referral.id, updatedDateTime, kind, source: 'api', at: this.clock() });
      this.notify();
    }
    return referral;
  }
}

function pickFilters(q: ListQuery) {
  const f: { status?: string; substatus?: string; type?: string; direction?: string; qualification?: string; engagementId?: string; updatedSince?: string } = {};
  if (q.status !== undefined) f.status = q.status;
  if (q.substatus !== undefined) f.substatus = q.substatus;
  if (q.type !== undefined) f.type = q.type;
  if (q.direction !== undefined) f.direction = q.direction;
  if (q.qualification !== undefined) f.qualification = q.qualification;
  if (q.engagementId !== undefined) f.engagementId = q.engagementId;
  if (q.updatedSince !== undefined) f.updatedSince = q.updatedSince;
  return f;
}

function encodeCursor(r: StoredReferral): string {
  return `${MIRROR_CURSOR_PREFIX}${JSON.stringify([r.updatedDateTime, r.id])}`;
}

function decodeCursor(cursor: string): { updatedDateTime: string; id: string } {
  const [updatedDateTime, id] = JSON.parse(cursor.slice(MIRROR_CURSOR_PREFIX.length)) as [string, string];
  return { updatedDateTime, id };
}
