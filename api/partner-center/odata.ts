import type { ListQuery } from '../domain/ports.js';

/** OData string literal: single quotes doubled. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The list query in the documented `$filter` / `$orderby` / `$top` forms. */
export function toODataQuery(q: ListQuery): Record<string, string> {
  const clauses: string[] = [];
  const eq = (field: string, value: string | undefined) => { if (value !== undefined) clauses.push(`${field} eq ${quote(value)}`); };
  eq('status', q.status);
  eq('substatus', q.substatus);
  eq('type', q.type);
  eq('direction', q.direction);
  eq('qualification', q.qualification);
  eq('engagementId', q.engagementId);
  if (q.updatedSince !== undefined) clauses.push(`updatedDateTime gt ${new Date(q.updatedSince).toISOString()}`);
  const query: Record<string, string> = { $orderby: `updatedDateTime ${q.order}`, $top: String(q.top) };
  if (clauses.length > 0) query['$filter'] = clauses.join(' and ');
  return query;
}
