import express, { type RequestHandler } from 'express';

/** Salesforce API requests the emulator served, counted on the emulator's side of the wire. */
export interface SalesforceCallCounts {
  /** Every request under the emulator's mount, authentication and metadata included. */
  calls: number;
  /** OAuth token requests. */
  auth: number;
  /** Requests that create, update, upsert or delete records. */
  writeCalls: number;
  /** Write calls by the object they write; a call writing two objects counts for each (never seen from the product). */
  writeCallsByObject: Record<string, number>;
  /** Records sent in write calls, by object (attempted, not necessarily accepted). */
  recordsSentByObject: Record<string, number>;
  /** Answers of 400 and above. */
  failed: number;
}

export function emptyCounts(): SalesforceCallCounts {
  return { calls: 0, auth: 0, writeCalls: 0, writeCallsByObject: {}, recordsSentByObject: {}, failed: 0 };
}

const DATA = /^\/services\/data\/v\d+\.\d+(\/.*)$/;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
// Reading the body here costs the emulator's process, never the product's. The emulator's own parser is
// express.raw, which leaves a body another raw parser has already read alone (req._body), so it still parses it.
const raw = express.raw({ type: () => true, limit: '50mb' });

interface WriteShape { objects: Map<string, number> }

/** Which objects a write request writes, from its path and, for the sObject Collections create/update, its records' attributes.type. */
function writeShape(method: string, rest: string, body: unknown): WriteShape | undefined {
  const path = rest.split('?')[0]!;
  const objects = new Map<string, number>();
  const add = (object: string, n: number) => objects.set(object, (objects.get(object) ?? 0) + n);
  if (path === '/composite/sobjects') {
    if (method === 'DELETE') {
      add('(by id)', new URLSearchParams(rest.split('?')[1] ?? '').get('ids')?.split(',').length ?? 0);
      return { objects };
    }
    const records = (body as { records?: Array<{ attributes?: { type?: string } }> } | undefined)?.records ?? [];
    for (const r of records) add(r.attributes?.type ?? '(untyped)', 1);
    return { objects };
  }
  const upsert = /^\/composite\/sobjects\/([^/]+)\/[^/]+$/.exec(path);
  if (upsert && method === 'PATCH') {
    add(upsert[1]!, (body as { records?: unknown[] } | undefined)?.records?.length ?? 0);
    return { objects };
  }
  // POST /composite/sobjects/{Object} is a retrieve (a read); single-record routes name the object.
  const single = /^\/sobjects\/([^/]+)(?:\/.*)?$/.exec(path);
  if (single && (method !== 'POST' || !path.slice('/sobjects/'.length).includes('/'))) {
    add(single[1]!, 1);
    return { objects };
  }
  return undefined;
}

/**
 * Counts the requests that reach the Salesforce emulator (mount it in front of the emulator's router).
 * Independent of the product's own tally (`CrmGateway.usage()`), so the two can be cross-checked.
 */
export function countSalesforceCalls(counts: () => SalesforceCallCounts, onServed: () => void = () => {}): RequestHandler {
  return (req, res, next) => {
    const c = counts();
    c.calls += 1;
    res.on('finish', () => {
      if (res.statusCode >= 400) counts().failed += 1;
      onServed();
    });
    if (req.path.startsWith('/services/oauth2/token')) c.auth += 1;
    const data = DATA.exec(req.originalUrl.slice(req.baseUrl.length));
    if (!data || !WRITE_METHODS.has(req.method)) { next(); return; }
    const classify = () => {
      const body = Buffer.isBuffer(req.body) && req.body.length > 0 ? JSON.parse(req.body.toString('utf8')) as unknown : undefined;
      const shape = writeShape(req.method, data[1]!, body);
      if (!shape) return;
      c.writeCalls += 1;
      for (const [object, n] of shape.objects) {
        c.writeCallsByObject[object] = (c.writeCallsByObject[object] ?? 0) + 1;
        c.recordsSentByObject[object] = (c.recordsSentByObject[object] ?? 0) + n;
      }
    };
    raw(req, res, (err?: unknown) => {
      if (err) { next(err); return; }
      try { classify(); } catch { /* a malformed body is the emulator's to refuse */ }
      next();
    });
  };
}
