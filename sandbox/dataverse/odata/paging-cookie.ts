/**
 * `$skiptoken` as Dataverse writes it: `<cookie pagenumber="2" pagingcookie="…" istracking="False" />`,
 * where the paging cookie (URI-encoded twice) names the last row's sort values and id. The next
 * page starts after that row, so rows written meanwhile neither repeat nor shift the page.
 */
import { badRequest } from '../errors.js';
import type { StoredValue } from '../store/types.js';

export interface PagePosition { pageNumber: number; lastValues: StoredValue[] }

export function encodeSkipToken(position: PagePosition, columns: string[]): string {
  const inner = `<cookie page="${position.pageNumber - 1}">${columns.map((c, i) =>
    `<${c} last="${escapeXml(JSON.stringify(position.lastValues[i] ?? null))}" />`).join('')}</cookie>`;
  const pagingCookie = encodeURIComponent(encodeURIComponent(inner));
  return `<cookie pagenumber="${position.pageNumber}" pagingcookie="${pagingCookie}" istracking="False" />`;
}

export function decodeSkipToken(token: string, columns: string[]): PagePosition {
  const invalid = () => badRequest('The $skiptoken is not valid for this query.');
  const page = /pagenumber="(\d+)"/.exec(token);
  const cookie = /pagingcookie="([^"]*)"/.exec(token);
  if (!page || !cookie) throw invalid();
  let inner: string;
  try {
    inner = decodeURIComponent(decodeURIComponent(cookie[1]!));
  } catch {
    throw invalid();
  }
  const lastValues: StoredValue[] = [];
  for (const column of columns) {
    const match = new RegExp(`<${column.replace(/[.$]/g, '\\$&')} last="([^"]*)"`).exec(inner);
    if (!match) throw invalid();
    try {
      lastValues.push(JSON.parse(unescapeXml(match[1]!)) as StoredValue);
    } catch {
      throw invalid();
    }
  }
  return { pageNumber: Number(page[1]), lastValues };
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
