import express, { type RequestHandler } from 'express';

/**
 * Dataverse Web API requests the emulator served, counted on the emulator's side of the wire: HTTP
 * calls (a `$batch` is one) and, separately, the requests carried inside `$batch` calls.
 */
export interface DataverseCallCounts {
  /** Every HTTP request under the emulator's mount. */
  calls: number;
  /** `POST $batch` calls. */
  batchCalls: number;
  /** Requests inside those calls (change-set parts included). */
  batchedRequests: number;
  /** HTTP calls that write: a POST/PATCH/PUT/DELETE of its own, or a `$batch` carrying at least one. */
  writeCalls: number;
  /** Write calls by what they write (entity set, or action such as `WinOpportunity`); a `$batch` writing two counts for each. */
  writeCallsByTarget: Record<string, number>;
  /** Write calls by the set of what they write, joined with `+` (`leads+opportunities`): each call counts once. */
  writeCallsByTargetSet: Record<string, number>;
  /** Write requests by what they write, whether sent alone or inside a `$batch`. */
  writeRequestsByTarget: Record<string, number>;
  /** HTTP answers of 400 and above (a `$batch` answers 200 when its parts fail under continue-on-error). */
  failed: number;
}

export function emptyDataverseCounts(): DataverseCallCounts {
  return { calls: 0, batchCalls: 0, batchedRequests: 0, writeCalls: 0, writeCallsByTarget: {}, writeCallsByTargetSet: {}, writeRequestsByTarget: {}, failed: 0 };
}

const API = /\/api\/data\/v9\.\d\/(.*)$/;
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const REQUEST_LINE = /^(GET|POST|PATCH|PUT|DELETE) (\S+) HTTP\/1\.1$/;
const CONTENT_ID = /^Content-ID:\s*(\S+)$/i;
// The emulator's own parser is express.text: it leaves a body another parser has read alone, so the
// string read here is what it executes. Reading it costs the emulator's process, never the product's.
const text = express.text({ type: () => true, limit: '32mb' });

/** `opportunities(…)/x?…` → `opportunities`; `WinOpportunity` stays itself. */
function targetOf(resource: string): string {
  return /^[^(/?]*/.exec(resource)![0] || '(root)';
}

interface BatchedRequest { method: string; target: string }

/** The request lines of a `$batch` body, with `$n` URLs resolved to the target of the part with Content-ID n. */
export function batchedRequests(body: string): BatchedRequest[] {
  const requests: BatchedRequest[] = [];
  const byContentId = new Map<string, string>();
  let contentId: string | undefined;
  for (const line of body.split(/\r?\n/)) {
    const id = CONTENT_ID.exec(line);
    if (id) { contentId = id[1]; continue; }
    const request = REQUEST_LINE.exec(line);
    if (!request) continue;
    const url = request[2]!;
    const reference = /^\$(\d+)/.exec(url);
    const target = reference ? (byContentId.get(reference[1]!) ?? '(unresolved $n)') : targetOf(API.exec(url)?.[1] ?? url.replace(/^\/+/, ''));
    if (contentId !== undefined) byContentId.set(contentId, target);
    contentId = undefined;
    requests.push({ method: request[1]!, target });
  }
  return requests;
}

/**
 * Counts the requests that reach the Dataverse emulator (mount it in front of the emulator's router).
 * Independent of the product's own tally (`DataverseGateway.usage()` and `batchUsage()`), so the two
 * can be cross-checked.
 */
export function countDataverseCalls(counts: () => DataverseCallCounts, onServed: () => void = () => {}): RequestHandler {
  return (req, res, next) => {
    const c = counts();
    c.calls += 1;
    res.on('finish', () => {
      if (res.statusCode >= 400) counts().failed += 1;
      onServed();
    });
    const api = API.exec(req.originalUrl.slice(req.baseUrl.length).split('?')[0]!);
    if (!api || !WRITE_METHODS.has(req.method)) { next(); return; }
    const resource = api[1]!;
    const tally = (requests: BatchedRequest[]) => {
      const writes = requests.filter((r) => WRITE_METHODS.has(r.method));
      for (const w of writes) c.writeRequestsByTarget[w.target] = (c.writeRequestsByTarget[w.target] ?? 0) + 1;
      if (writes.length === 0) return;
      c.writeCalls += 1;
      const targets = [...new Set(writes.map((w) => w.target))].sort();
      for (const target of targets) c.writeCallsByTarget[target] = (c.writeCallsByTarget[target] ?? 0) + 1;
      const set = targets.join('+');
      c.writeCallsByTargetSet[set] = (c.writeCallsByTargetSet[set] ?? 0) + 1;
    };
    if (resource !== '$batch') {
      tally([{ method: req.method, target: targetOf(resource) }]);
      next();
      return;
    }
    c.batchCalls += 1;
    text(req, res, (err?: unknown) => {
      if (err) { next(err); return; }
      const inside = typeof req.body === 'string' ? batchedRequests(req.body) : [];
      c.batchedRequests += inside.length;
      tally(inside);
      next();
    });
  };
}
