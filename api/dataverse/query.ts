/**
 * Query pages: the first URL, then `@odata.nextLink` verbatim with the same `odata.maxpagesize`
 * (crm-apis.md §4.3), one page per iteration. The lookup annotations are asked for so polymorphic
 * lookups learn which table each id is in.
 */
import type { DataverseClient } from './client.js';
import { callError, errorOf } from './errors.js';

export type WebApiRecord = Record<string, unknown>;

interface Page { value?: WebApiRecord[]; '@odata.nextLink'?: string }

const ANNOTATIONS = 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"';

/** `pageSize` undefined: no `maxpagesize` (the query has `$top`, which maxpagesize would override). */
export async function* queryPages(client: DataverseClient, url: string, what: string, pageSize: number | undefined): AsyncGenerator<WebApiRecord[]> {
  const prefer = pageSize === undefined ? ANNOTATIONS : `odata.maxpagesize=${pageSize}, ${ANNOTATIONS}`;
  let next: string | undefined = url;
  while (next !== undefined) {
    const response = await client.send({ method: 'GET', url: next, headers: { prefer }, repeatable: true, what });
    if (response.status !== 200) throw callError(response.status, errorOf(response.status, response.text), what);
    const page = JSON.parse(response.text) as Page;
    yield page.value ?? [];
    next = page['@odata.nextLink'];
  }
}

export async function queryAll(client: DataverseClient, url: string, what: string, pageSize: number): Promise<WebApiRecord[]> {
  const out: WebApiRecord[] = [];
  for await (const page of queryPages(client, url, what, pageSize)) out.push(...page);
  return out;
}
