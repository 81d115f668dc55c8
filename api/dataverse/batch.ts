/**
 * `$batch` bodies built and parsed as crm-apis.md §4.4 shows them: `multipart/mixed` with one
 * `application/http` part per request (`Content-Transfer-Encoding: binary`, a raw request line), change
 * sets nested as `multipart/mixed; boundary=changeset_…` with a `Content-ID` per request, CRLF line
 * ends, and the response's `batchresponse_…` / `changesetresponse_…` parts read back into statuses,
 * headers and bodies.
 */
import { randomUUID } from 'node:crypto';

export interface BatchRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Absolute URL of the resource (the environment's Web API root plus the resource path). */
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * In a change set, a body that points at the row the previous request of the same change set wrote,
   * given that request's Content-ID reference (`$3`): Dataverse resolves `$n` in `@odata.bind` values
   * inside a change set ("Reference URIs in request body", crm-apis.md §4.4).
   */
  bodyReferencingPrevious?: (reference: string) => unknown;
}

/** A request on its own, or several that commit or fail together. */
export type BatchEntry =
  | { kind: 'request'; request: BatchRequest }
  | { kind: 'changeset'; requests: BatchRequest[] };

export interface HttpPart {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

/** One answer per entry sent, in order: a request's response, or a change set's responses. */
export type BatchAnswer =
  | { kind: 'response'; part: HttpPart }
  | { kind: 'changeset'; parts: HttpPart[] };

const CRLF = '\r\n';

export interface BuiltBatch {
  contentType: string;
  body: string;
}

export function buildBatch(entries: BatchEntry[], boundaryId: () => string = randomUUID): BuiltBatch {
  const batch = `batch_${boundaryId()}`;
  const lines: string[] = [];
  let contentId = 0;
  for (const entry of entries) {
    lines.push(`--${batch}`);
    if (entry.kind === 'request') {
      lines.push('Content-Type: application/http', 'Content-Transfer-Encoding: binary', '', ...requestLines(entry.request));
      continue;
    }
    const changeset = `changeset_${boundaryId()}`;
    lines.push(`Content-Type: multipart/mixed; boundary=${changeset}`, '');
    entry.requests.forEach((request, i) => {
      contentId += 1;
      const resolved = request.bodyReferencingPrevious !== undefined && i > 0 ? { ...request, body: request.bodyReferencingPrevious(`$${contentId - 1}`) } : request;
      lines.push(`--${changeset}`, 'Content-Type: application/http', 'Content-Transfer-Encoding: binary', `Content-ID: ${contentId}`, '', ...requestLines(resolved));
    });
    lines.push(`--${changeset}--`);
  }
  lines.push(`--${batch}--`, '');
  return { contentType: `multipart/mixed; boundary=${batch}`, body: lines.join(CRLF) };
}

function requestLines(request: BatchRequest): string[] {
  const headers = Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  if (request.body === undefined) return [`${request.method} ${request.url} HTTP/1.1`, ...headers, ''];
  return [
    `${request.method} ${request.url} HTTP/1.1`,
    'Content-Type: application/json; charset=utf-8',
    ...headers,
    '',
    JSON.stringify(request.body),
  ];
}

/** The boundary named by a `multipart/mixed; boundary=…` content type, quoted or not. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m?.[1] ?? m?.[2];
}

/** Reads a `$batch` response body; answers come in the order the entries were sent. */
export function parseBatchResponse(contentType: string | undefined, body: string): BatchAnswer[] {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) throw new SyntaxError('The $batch response has no multipart boundary.');
  return splitParts(body, boundary).map((raw): BatchAnswer => {
    const { headers, rest } = readHeaders(raw);
    const inner = boundaryOf(headers['content-type']);
    if (/^multipart\/mixed/i.test(headers['content-type'] ?? '') && inner !== undefined) {
      return { kind: 'changeset', parts: splitParts(rest, inner).map(readHttpPart) };
    }
    return { kind: 'response', part: readHttpPart(raw) };
  });
}

/** The parts between `--boundary` lines, up to `--boundary--`; the preamble is dropped. */
function splitParts(body: string, boundary: string): string[] {
  const text = body.replace(/\r\n/g, '\n');
  const parts: string[] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}--`) break;
    if (trimmed === `--${boundary}`) {
      if (current !== undefined) parts.push(current.join('\n'));
      current = [];
      continue;
    }
    current?.push(line);
  }
  if (current !== undefined) parts.push(current.join('\n'));
  return parts;
}

/** MIME headers up to the first blank line. */
function readHeaders(raw: string): { headers: Record<string, string>; rest: string } {
  const lines = raw.split('\n');
  const headers: Record<string, string> = {};
  let i = 0;
  for (; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') { i += 1; break; }
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, rest: lines.slice(i).join('\n') };
}

/** An `application/http` part: MIME headers, then the status line, HTTP headers and body. */
function readHttpPart(raw: string): HttpPart {
  const mime = readHeaders(raw);
  const lines = mime.rest.split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  const statusLine = /^HTTP\/\d\.\d\s+(\d{3})/.exec(lines.shift() ?? '');
  if (statusLine === null) throw new SyntaxError('A $batch response part has no HTTP status line.');
  const http = readHeaders(lines.join('\n'));
  const contentId = mime.headers['content-id'] ?? http.headers['content-id'];
  return {
    status: Number(statusLine[1]),
    headers: http.headers,
    body: http.rest.trim(),
    ...(contentId !== undefined ? { contentId } : {}),
  };
}
