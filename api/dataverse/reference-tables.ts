/**
 * What the lookup translation needs to know about other tables, cached for the gateway's life:
 * - keyed references (`transactioncurrency` by `isocurrencycode`, `connectionrole` by `name`): small
 *   tables read whole once, and again once when a value is missing (a currency added since);
 * - which table a GUID belongs to, for polymorphic lookups (`record1id`): learned from the
 *   `lookuplogicalname` annotations of reads and, when unknown, asked of each candidate table in turn
 *   with one `or` query per table for the whole list.
 */
import type { EntitySets } from './entity-sets.js';
import { primaryKeyOf } from './entity-sets.js';
import { queryString, splitFilters } from './odata.js';

/** Runs a query (relative URL) through every page and returns the records. */
export type QueryRunner = (url: string, what: string) => Promise<Array<Record<string, unknown>>>;

interface KeyedTable { byKey: Map<string, string>; byId: Map<string, string> }

export class ReferenceTables {
  private readonly keyed = new Map<string, Promise<KeyedTable>>();
  private readonly tableOfId = new Map<string, string>();

  constructor(private readonly sets: EntitySets, private readonly query: QueryRunner) {}

  /** The GUID of the `table` row whose `key` column is `value` (ISO codes compare case-insensitively). */
  async idForKey(table: string, key: string, value: string): Promise<string | undefined> {
    const norm = normalKey(value);
    const found = (await this.load(table, key, false)).byKey.get(norm);
    return found ?? (await this.load(table, key, true)).byKey.get(norm);
  }

  async keyForId(table: string, key: string, id: string): Promise<string | undefined> {
    const found = (await this.load(table, key, false)).byId.get(id.toLowerCase());
    return found ?? (await this.load(table, key, true)).byId.get(id.toLowerCase());
  }

  remember(id: string, table: string): void {
    this.tableOfId.set(id.toLowerCase(), table);
  }

  /** The table of each id among `candidates`; ids found in none are absent. */
  async tablesOf(ids: string[], candidates: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let unknown = [...new Set(ids.map((id) => id.toLowerCase()))];
    for (const id of unknown) {
      const table = this.tableOfId.get(id);
      if (table !== undefined && candidates.includes(table)) out.set(id, table);
    }
    unknown = unknown.filter((id) => !out.has(id));
    for (const table of candidates) {
      if (unknown.length === 0) break;
      const pk = primaryKeyOf(table);
      for (const filter of splitFilters([{ property: pk, values: unknown, guid: true }])) {
        const rows = await this.query(`${this.sets.setOf(table)}${queryString({ select: [pk], filter })}`, `finding the table of ${table} references`);
        for (const row of rows) {
          const id = String(row[pk]).toLowerCase();
          this.remember(id, table);
          out.set(id, table);
        }
      }
      unknown = unknown.filter((id) => !out.has(id));
    }
    return out;
  }

  private load(table: string, key: string, reload: boolean): Promise<KeyedTable> {
    const name = `${table}.${key}`;
    const cached = this.keyed.get(name);
    if (cached !== undefined && !reload) return cached;
    const pk = primaryKeyOf(table);
    const loading = this.query(`${this.sets.setOf(table)}${queryString({ select: [pk, key] })}`, `reading ${table} references`).then((rows) => {
      const byKey = new Map<string, string>();
      const byId = new Map<string, string>();
      for (const row of rows) {
        const id = String(row[pk]).toLowerCase();
        const value = row[key];
        if (typeof value !== 'string') continue;
        byKey.set(normalKey(value), id);
        byId.set(id, value);
      }
      return { byKey, byId };
    });
    // A failed load is not cached: the next call tries again.
    loading.catch(() => { if (this.keyed.get(name) === loading) this.keyed.delete(name); });
    this.keyed.set(name, loading);
    return loading;
  }
}

const normalKey = (value: string): string => value.trim().toLowerCase();
