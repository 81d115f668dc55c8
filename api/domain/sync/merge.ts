/**
 * The three-way merge that makes the sync bidirectional without ping-pong: each key is compared with
 * the last value both sides agreed on (the base). Only the side that moved away from the base is
 * copied to the other; when both moved to different values, the configured policy picks a winner
 * (the later writer by default) and the conflict is reported. An echo of the connector's own write
 * finds both sides equal to the base, so it changes nothing.
 */
import type { Direction, Mapping, RecordObject, RelationName } from '../mapping/types.js';
import { STAGE_KEY, sameViewValue, type SyncView } from './view.js';

export type ConflictPolicy = 'lastWriter' | 'partnerCenter' | 'crm';
export type Side = 'partnerCenter' | 'crm';

export interface MergeInput {
  mapping: Mapping;
  object: RecordObject;
  /** Last agreed view; undefined when the two have never been synced (the later writer wins every difference). */
  base: SyncView | undefined;
  referral: SyncView;
  record: SyncView;
  /** When each side last changed (ISO-8601), for the last-writer policy. */
  referralChangedAt: string;
  recordChangedAt: string;
  policy: ConflictPolicy;
}

export interface KeyChange { key: string; from: unknown; to: unknown }
export interface Conflict { key: string; partnerCenter: unknown; crm: unknown; base: unknown; winner: Side }

export interface MergePlan {
  /** Keys to write to the CRM, with the value to write (view values). */
  toCrm: KeyChange[];
  /** Keys whose CRM value goes to Partner Center. */
  toPartnerCenter: KeyChange[];
  conflicts: Conflict[];
  /** Differences that stay because the mapping lets neither side's value travel. */
  held: string[];
  /** The base after the writes succeed. */
  agreed: SyncView;
}

export function planMerge(input: MergeInput): MergePlan {
  const { referral: pc, record: crm, base } = input;
  const plan: MergePlan = { toCrm: [], toPartnerCenter: [], conflicts: [], held: [], agreed: {} };
  const keys = new Set([...Object.keys(pc), ...Object.keys(crm)]);
  for (const key of keys) {
    const direction = directionOf(input.mapping, input.object, key);
    if (direction === 'off') continue;
    if (isAdditive(input.mapping, key)) { mergeAdditive(plan, key, direction, pc, crm, base); continue; }
    const inPc = key in pc; const inCrm = key in crm;
    const b = base?.[key];
    const known = base !== undefined && key in base;
    // A key one side did not read stands at the base for that side.
    const p = inPc ? pc[key] : known ? b : crm[key];
    const c = inCrm ? crm[key] : known ? b : pc[key];
    if (sameViewValue(p, c)) { plan.agreed[key] = p; continue; }
    const pcMoved = !known || !sameViewValue(p, b);
    const crmMoved = !known || !sameViewValue(c, b);
    let winner: Side;
    if (direction === 'toCrm') winner = 'partnerCenter';
    else if (direction === 'toPartnerCenter') winner = 'crm';
    else if (pcMoved && !crmMoved) winner = 'partnerCenter';
    else if (crmMoved && !pcMoved) winner = 'crm';
    else {
      winner = pickWinner(input);
      if (known) plan.conflicts.push({ key, partnerCenter: p, crm: c, base: b, winner });
    }
    if (winner === 'partnerCenter') {
      if (!inPc) { plan.held.push(key); plan.agreed[key] = b; continue; }
      plan.toCrm.push({ key, from: c, to: p });
      plan.agreed[key] = p;
    } else {
      if (!inCrm) { plan.held.push(key); plan.agreed[key] = b; continue; }
      plan.toPartnerCenter.push({ key, from: p, to: c });
      plan.agreed[key] = c;
    }
  }
  return plan;
}

/**
 * A relation whose records the connector only matches, never creates (team members are CRM users):
 * the CRM cannot hold every member a referral has, so a member missing there is no removal. Only
 * additions travel, each way; nothing is ever removed by the other side.
 */
export function isAdditive(mapping: Mapping, key: string): boolean {
  if (!key.startsWith('@') || key === STAGE_KEY) return false;
  return mapping.relations[key.slice(1) as RelationName]?.createIfMissing === false;
}

function mergeAdditive(plan: MergePlan, key: string, direction: Direction, pc: SyncView, crm: SyncView, base: SyncView | undefined): void {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => JSON.stringify(x)) : []);
  const b = new Set(list(base?.[key]));
  const p = list(pc[key]); const c = list(crm[key]);
  const pcAdded = key in pc ? p.filter((x) => !b.has(x)) : [];
  const crmAdded = key in crm ? c.filter((x) => !b.has(x)) : [];
  const toCrm = pcAdded.filter((x) => !c.includes(x));
  const toPc = crmAdded.filter((x) => !p.includes(x));
  const parse = (xs: string[]): unknown[] => [...new Set(xs)].sort().map((x) => JSON.parse(x) as unknown);
  if (toCrm.length > 0 && (direction === 'both' || direction === 'toCrm')) plan.toCrm.push({ key, from: parse(c), to: parse([...c, ...toCrm]) });
  if (toPc.length > 0 && (direction === 'both' || direction === 'toPartnerCenter')) plan.toPartnerCenter.push({ key, from: parse(p), to: parse([...p, ...toPc]) });
  plan.agreed[key] = parse([...b, ...pcAdded, ...crmAdded]);
}

function pickWinner(input: MergeInput): Side {
  if (input.policy === 'partnerCenter') return 'partnerCenter';
  if (input.policy === 'crm') return 'crm';
  // Ties go to Partner Center: it is the system of record for the referral.
  return Date.parse(input.recordChangedAt) > Date.parse(input.referralChangedAt) ? 'crm' : 'partnerCenter';
}

/** A key's direction from the mapping: the field entry, the relation, or both ways for the stage. */
export function directionOf(mapping: Mapping, object: RecordObject, key: string): Direction {
  if (key === STAGE_KEY) return 'both';
  if (key.startsWith('@')) return mapping.relations[key.slice(1) as RelationName]?.direction ?? 'off';
  const entries = mapping.fields.filter((f) => (f.object ?? 'opportunity') === object && f.crm === key && f.direction !== 'off');
  if (entries.length === 0) return 'off';
  const goesTo = (d: Direction, side: 'toCrm' | 'toPartnerCenter'): boolean => d === 'both' || d === side;
  const toCrm = entries.some((f) => goesTo(f.direction, 'toCrm'));
  const toPc = entries.some((f) => goesTo(f.direction, 'toPartnerCenter'));
  return toCrm && toPc ? 'both' : toCrm ? 'toCrm' : 'toPartnerCenter';
}
