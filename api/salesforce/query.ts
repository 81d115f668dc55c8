/**
 * SOQL reads, one page (up to 2,000 rows) at a time: the first page from `conn.query` with autoFetch
 * off, the rest from `conn.queryMore(nextRecordsUrl)`. Explicit paging keeps memory flat, lets
 * each page go through the retry policy on its own, and lets a consumer stop early.
 */
import type { Connection } from '@jsforce/jsforce-node';
import type { SalesforceRecord } from './mappers.js';

interface QueryPage { records: SalesforceRecord[]; done: boolean; nextRecordsUrl?: string }

/** Runs one Salesforce call under the gateway's retry policy and error mapping. */
export type CallRunner = <T>(what: string, repeatable: boolean, call: () => Promise<T>) => Promise<T>;

export async function* queryPages(conn: Connection, soql: string, what: string, run: CallRunner): AsyncGenerator<SalesforceRecord[]> {
  let page = await run(what, true, async (): Promise<QueryPage> => await conn.query<SalesforceRecord>(soql, { autoFetch: false }));
  for (;;) {
    if (page.records.length > 0) yield page.records;
    const next = page.nextRecordsUrl;
    if (page.done || next === undefined) return;
    page = await run(what, true, async (): Promise<QueryPage> => await conn.queryMore<SalesforceRecord>(next));
  }
}
