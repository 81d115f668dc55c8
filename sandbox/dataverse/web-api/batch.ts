/**
 * `POST $batch` (crm-apis.md §4.4): a multipart/mixed body of `application/http` parts, some grouped
 * in change sets. A change set is atomic (one failure undoes its earlier writes) and may not hold a
 * GET; inside it `Content-ID: n` lets later parts refer to the row as `$n`. Without
 * `Prefer: odata.continue-on-error` the batch stops at the first failure and answers 400; with it,
 * every part runs and the batch answers 200.
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from '../errors.js';
import { errorResponse, execute } from './execute.js';
import { parsePrefer } from './prefer.js';
import type { ApiRequest, ApiResponse, CallContext, Environment } from './types.js';

export const MAX_BATCH_REQUESTS = 1000;

interface HttpPart { kind: 'request'; contentId?: string; request: ApiRequest }
interface ChangeSet { kind: 'changeset'; parts: HttpPart[] }
type BatchItem = HttpPart | ChangeSet;
interface PartResult { contentId?: string; response: ApiResponse }
type ItemResult = { kind: 'single'; result: PartResult } | { kind: 'changeset'; results: PartResult[] };

export function runBatch(env: Environment, contentType: string | undefined, body: string, headers: ApiRequest['headers'], userId: string): { status: number; contentType: string; body: string } {
  const items = parseMultipart(body, boundaryOf(contentType), true);
  const total = items.reduce((n, item) => n + (item.kind === 'changeset' ? item.parts.length : 1), 0);
  if (total > MAX_BATCH_REQUESTS) throw badRequest(`The number of requests in a batch cannot exceed ${MAX_BATCH_REQUESTS}.`);
  const continueOnError = parsePrefer(headers.prefer).continueOnError;
  const results: ItemResult[] = [];
  let failed = false;
  for (const item of items) {
    if (item.kind === 'request') {
      const result = runPart(env, item, { userId, contentIds: new Map() });
      results.push({ kind: 'single', result });
      if (result.response.status >= 400) failed = true;
    } else {
      const outcome = runChangeSet(env, item, userId);
      if ('error' in outcome) {
        results.push({ kind: 'single', result: outcome.error });
        failed = true;
      } else {
        results.push({ kind: 'changeset', results: outcome.results });
      }
    }
    if (failed && !continueOnError) break;
  }
  const boundary = `batchresponse_${randomUUID()}`;
  return { status: failed && !continueOnError ? 400 : 200, contentType: `multipart/mixed; boundary=${boundary}`, body: formatBatch(boundary, results) };
}

function runPart(env: Environment, part: HttpPart, ctx: CallContext): PartResult & { written?: string } {
  try {
    const outcome = execute(env, part.request, ctx);
    return { ...(part.contentId !== undefined ? { contentId: part.contentId } : {}), response: outcome.response, ...(outcome.written ? { written: outcome.written } : {}) };
  } catch (error) {
    return { ...(part.contentId !== undefined ? { contentId: part.contentId } : {}), response: errorResponse(error) };
  }
}

/** All or nothing: the first failing part undoes the change set's writes and is the only answer. */
function runChangeSet(env: Environment, changeSet: ChangeSet, userId: string): { results: PartResult[] } | { error: PartResult } {
  const ctx: CallContext = { userId, contentIds: new Map() };
  const results: PartResult[] = [];
  let error: PartResult | undefined;
  try {
    env.store.transaction(() => {
      for (const part of changeSet.parts) {
        if (part.request.method.toUpperCase() === 'GET') {
          error = { response: errorResponse(badRequest('A change set cannot contain a GET request.')) };
          throw new RollBack();
        }
        const result = runPart(env, part, ctx);
        if (result.response.status >= 400) {
          error = result;
          throw new RollBack();
        }
        if (part.contentId !== undefined && result.written) ctx.contentIds.set(part.contentId, result.written);
        results.push({ ...(result.contentId !== undefined ? { contentId: result.contentId } : {}), response: result.response });
      }
    });
  } catch (e) {
    if (!(e instanceof RollBack)) throw e;
  }
  return error ? { error } : { results };
}

class RollBack extends Error {}

function boundaryOf(contentType: string | undefined): string {
  const match = /boundary="?([^";]+)"?/i.exec(contentType ?? '');
  if (!match || !/^multipart\/mixed/i.test(contentType ?? '')) throw badRequest('A $batch request must have Content-Type: multipart/mixed with a boundary.');
  return match[1]!;
}

function parseMultipart(body: string, boundary: string, allowChangeSets: boolean): BatchItem[] {
  const text = body.replace(/\r\n/g, '\n');
  const delimiter = `--${boundary}`;
  const end = text.indexOf(`${delimiter}--`);
  if (end === -1) throw badRequest(`The batch is not terminated by '${delimiter}--'.`);
  const sections = text.slice(0, end).split(delimiter).slice(1);
  return sections.map((section) => {
    const { headers, rest } = splitHeaders(section.replace(/^[ \t]*\n/, ''));
    const contentType = headers['content-type'] ?? '';
    if (/^multipart\/mixed/i.test(contentType)) {
      if (!allowChangeSets) throw badRequest('Change sets cannot be nested.');
      const parts = parseMultipart(rest, boundaryOf(contentType), false);
      return { kind: 'changeset', parts: parts as HttpPart[] };
    }
    if (!/^application\/http/i.test(contentType)) throw badRequest("Each batch part must have Content-Type: application/http.");
    const part: HttpPart = { kind: 'request', request: parseHttpRequest(rest) };
    const contentId = headers['content-id'] ?? part.request.headers['content-id'];
    if (contentId !== undefined) part.contentId = contentId.trim();
    return part;
  });
}

function splitHeaders(text: string): { headers: Record<string, string>; rest: string } {
  const blank = text.indexOf('\n\n');
  const head = blank === -1 ? text : text.slice(0, blank);
  const rest = blank === -1 ? '' : text.slice(blank + 2);
  const headers: Record<string, string> = {};
  for (const line of head.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest };
}

/** `PATCH /api/data/v9.2/opportunities(…) HTTP/1.1`, an absolute URL, or a path relative to the API root. */
function parseHttpRequest(text: string): ApiRequest {
  const newline = text.indexOf('\n');
  const requestLine = (newline === -1 ? text : text.slice(0, newline)).trim();
  const match = /^([A-Z]+)\s+(.+?)(?:\s+HTTP\/1\.1)?$/.exec(requestLine);
  if (!match) throw badRequest(`Invalid request line in batch part: '${requestLine}'.`);
  const { headers, rest } = splitHeaders(newline === -1 ? '' : text.slice(newline + 1));
  const url = match[2]!;
  const relative = url.replace(/^https?:\/\/[^/]+/, '').replace(/^.*?\/api\/data\/v9\.[0-2]\//, '');
  const q = relative.indexOf('?');
  const path = q === -1 ? relative : relative.slice(0, q);
  const body = rest.replace(/\n+$/, '');
  return {
    method: match[1]!,
    path: safeDecode(path),
    query: new URLSearchParams(q === -1 ? '' : relative.slice(q + 1)),
    headers,
    ...(body.trim() === '' ? {} : { body }),
  };
}

function formatBatch(boundary: string, results: ItemResult[]): string {
  const out: string[] = [];
  for (const item of results) {
    out.push(`--${boundary}`);
    if (item.kind === 'single') {
      out.push(formatPart(item.result));
    } else {
      const changeset = `changesetresponse_${randomUUID()}`;
      out.push(`Content-Type: multipart/mixed; boundary=${changeset}`, '');
      for (const result of item.results) out.push(`--${changeset}`, formatPart(result));
      out.push(`--${changeset}--`);
    }
  }
  out.push(`--${boundary}--`, '');
  return out.join('\r\n');
}

function formatPart(result: PartResult): string {
  const lines = ['Content-Type: application/http', 'Content-Transfer-Encoding: binary'];
  if (result.contentId !== undefined) lines.push(`Content-ID: ${result.contentId}`);
  lines.push('', `HTTP/1.1 ${result.response.status} ${REASONS[result.response.status] ?? ''}`.trimEnd());
  const body = result.response.body === undefined ? undefined : JSON.stringify(result.response.body);
  if (body !== undefined) lines.push('Content-Type: application/json; odata.metadata=minimal');
  lines.push('OData-Version: 4.0');
  for (const [name, value] of Object.entries(result.response.headers)) lines.push(`${name}: ${value}`);
  lines.push('', body ?? '');
  return lines.join('\r\n');
}

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 412: 'Precondition Failed', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
