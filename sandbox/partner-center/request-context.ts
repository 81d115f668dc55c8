/**
 * Per-request plumbing: the documented `request-id` / `client-request-id` response headers, the
 * bounded request log tests assert on, and the absolute base URL used for links and nextLinks.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string | undefined>;
  status: number;
}

export const REQUEST_LOG_LIMIT = 1000;

interface Context { mount: string }

/** Remembers where the emulator is mounted (req.baseUrl at its top-level router). */
export function rememberMount(req: Request, res: Response, next: NextFunction): void {
  const context: Context = { mount: req.baseUrl };
  res.locals.partnerCenter = context;
  next();
}

function mountOf(res: Response): string {
  return (res.locals.partnerCenter as Context | undefined)?.mount ?? '';
}

/** The request path below the emulator mount, e.g. `/v1.0/engagements/referrals/abc`. */
export function relativePath(req: Request, res: Response): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  const mount = mountOf(res);
  return path.startsWith(mount) ? path.slice(mount.length) || '/' : path;
}

/** The raw query string, without `?`. */
export function rawQuery(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at + 1);
}

/** Absolute base of the emulator mount: the configured one, or derived from the request. */
export function baseUrlFor(publicBaseUrl: (() => string) | undefined, req: Request, res: Response): string {
  const configured = publicBaseUrl?.();
  if (configured) return configured.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${mountOf(res)}`;
}

function headerRecord(req: Request): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // The log is for assertions, not secrets: keep the scheme, drop the credential.
  const authorization = headers.authorization;
  if (authorization !== undefined) headers.authorization = `${authorization.split(/\s+/)[0] ?? ''} [redacted]`;
  return headers;
}

/**
 * Sends `request-id` (the caller's own, when it sent one for idempotent retries) and echoes
 * `client-request-id`. The log entry is added when the request arrives and gets its status when
 * the headers are written, so it is complete before the client can see the response.
 */
export function requestContext(log: RequestLogEntry[]): RequestHandler {
  return (req, res, next) => {
    res.set('request-id', req.get('request-id') ?? randomUUID());
    const clientRequestId = req.get('client-request-id');
    if (clientRequestId !== undefined) res.set('client-request-id', clientRequestId);
    const entry: RequestLogEntry = { method: req.method, path: relativePath(req, res), query: rawQuery(req), headers: headerRecord(req), status: 0 };
    log.push(entry);
    if (log.length > REQUEST_LOG_LIMIT) log.splice(0, log.length - REQUEST_LOG_LIMIT);
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      entry.status = typeof args[0] === 'number' ? args[0] : res.statusCode;
      return writeHead(...args);
    }) as Response['writeHead'];
    next();
  };
}
