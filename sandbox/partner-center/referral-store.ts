/**
 * In-memory referral store: a Map by id plus indexes kept sorted by createdDateTime and
 * updatedDateTime (the two documented `$orderby` fields) and by expiry deadline, so listing 10,000
 * referrals a page at a time and the lazy expiry sweep on every request stay cheap.
 *
 * `put` stores the object as given (a deep copy), unknown fields and all; the service-side rules
 * (ids, eTags, timestamps, transitions) live in the HTTP handlers, not here.
 */
import { expiryDeadline } from './expiry-policy.js';
import { SortedIndex, type IndexEntry } from './sorted-index.js';
import { canonicalInstant } from './timestamps.js';
import type { Referral, ReferralChange } from './types.js';

export type SortField = 'createdDateTime' | 'updatedDateTime';
export type ChangeListener = (change: ReferralChange) => void;

interface Keys { createdDateTime: string; updatedDateTime: string; deadline: string | undefined }

/** The index key of a referral: its date-time in sortable form, or '' (sorts first) when absent. */
export function sortKey(referral: Referral, field: SortField): string {
  return canonicalInstant(referral[field]) ?? '';
}

export interface ReferralStoreOptions {
  /** Called when a change listener throws; the write itself has succeeded. Default: a process warning. */
  onListenerError?: (error: unknown) => void;
}

export class ReferralStore {
  private readonly byId = new Map<string, Referral>();
  private readonly keys = new Map<string, Keys>();
  private readonly indexes: Record<SortField, SortedIndex> = { createdDateTime: new SortedIndex(), updatedDateTime: new SortedIndex() };
  private readonly deadlines = new SortedIndex();
  private readonly listeners = new Set<ChangeListener>();
  private readonly onListenerError: (error: unknown) => void;

  constructor(options: ReferralStoreOptions = {}) {
    this.onListenerError = options.onListenerError
      ?? ((error) => { process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'PartnerCenterEmulatorListener'); });
  }

  /** Adds or replaces a referral exactly as given (deep-copied). Emits `created` or `updated`. */
  put(referral: Readonly<Record<string, unknown>>): void {
    if (typeof referral.id !== 'string' || referral.id === '') throw new TypeError('A referral needs a non-empty string id.');
    this.write(structuredClone(referral) as Referral);
  }

  /** A deep copy of the stored referral. */
  get(id: string): Referral | undefined {
    const found = this.byId.get(id);
    return found && structuredClone(found);
  }

  /** Deep copies of every referral, oldest createdDateTime first. */
  list(): Referral[] {
    return [...this.scan('createdDateTime', false)].map((r) => structuredClone(r));
  }

  get size(): number {
    return this.byId.size;
  }

  clear(): void {
    this.byId.clear();
    this.keys.clear();
    this.indexes.createdDateTime.clear();
    this.indexes.updatedDateTime.clear();
    this.deadlines.clear();
  }

  /** Subscribes to writes; returns the unsubscribe function. Listeners get copies. */
  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** The stored object itself, for read paths that only serialize it. Do not mutate. */
  peek(id: string): Readonly<Referral> | undefined {
    return this.byId.get(id);
  }

  /** Stores `next`, taking ownership of it (callers pass a fresh object), and notifies listeners. */
  write(next: Referral): void {
    const previous = this.byId.get(next.id);
    if (previous) this.unindex(next.id);
    this.byId.set(next.id, next);
    this.index(next);
    this.emit(previous ? { kind: 'updated', referral: next, previous } : { kind: 'created', referral: next });
  }

  /** Referrals in `field` order, starting after `after` (a keyset cursor) when given. */
  *scan(field: SortField, descending: boolean, after?: IndexEntry): Generator<Readonly<Referral>> {
    const index = this.indexes[field];
    if (!descending) {
      for (let i = after ? index.upperBound(after) : 0; i < index.size; i += 1) yield this.entryAt(index, i);
    } else {
      for (let i = (after ? index.lowerBound(after) : index.size) - 1; i >= 0; i -= 1) yield this.entryAt(index, i);
    }
  }

  /** Ids of referrals whose expiry deadline is at or before `instant` (canonical form). */
  dueForExpiry(instant: string): string[] {
    const due: string[] = [];
    for (let i = 0; i < this.deadlines.size; i += 1) {
      const entry = this.deadlines.at(i) as IndexEntry;
      if (entry.key > instant) break;
      due.push(entry.id);
    }
    return due;
  }

  private entryAt(index: SortedIndex, position: number): Referral {
    return this.byId.get((index.at(position) as IndexEntry).id) as Referral;
  }

  private index(referral: Referral): void {
    const keys: Keys = {
      createdDateTime: sortKey(referral, 'createdDateTime'),
      updatedDateTime: sortKey(referral, 'updatedDateTime'),
      deadline: expiryDeadline(referral),
    };
    this.keys.set(referral.id, keys);
    this.indexes.createdDateTime.insert({ key: keys.createdDateTime, id: referral.id });
    this.indexes.updatedDateTime.insert({ key: keys.updatedDateTime, id: referral.id });
    if (keys.deadline !== undefined) this.deadlines.insert({ key: keys.deadline, id: referral.id });
  }

  private unindex(id: string): void {
    const keys = this.keys.get(id);
    if (!keys) return;
    this.indexes.createdDateTime.remove({ key: keys.createdDateTime, id });
    this.indexes.updatedDateTime.remove({ key: keys.updatedDateTime, id });
    if (keys.deadline !== undefined) this.deadlines.remove({ key: keys.deadline, id });
    this.keys.delete(id);
  }

  private emit(change: ReferralChange): void {
    if (this.listeners.size === 0) return;
    for (const listener of [...this.listeners]) {
      const copy: ReferralChange = { kind: change.kind, referral: structuredClone(change.referral) };
      if (change.previous) copy.previous = structuredClone(change.previous);
      try {
        listener(copy);
      } catch (error) {
        // A faulty subscriber (e.g. a webhook delivery bug) must not fail the write that triggered it.
        this.onListenerError(error);
      }
    }
  }
}
