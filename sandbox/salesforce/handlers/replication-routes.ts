/**
 * Replication and limits:
 *   GET /sobjects/{T}/updated?start=&end=  → {ids, latestDateCovered}
 *   GET /sobjects/{T}/deleted?start=&end=  → {deletedRecords:[{id, deletedDate}], earliestDateAvailable, latestDateCovered}
 *   GET /limits
 * As Salesforce documents, seconds are dropped from start and end, the window may reach back at
 * most 30 days, and a record counts when its SystemModstamp falls in [start, end).
 */
import express, { type Request, type Router } from 'express';
import { formatDateTime, parseDateTime } from '../datetime.js';
import { SalesforceError } from '../errors.js';
import { objectOr404, queryParam, type ApiContext } from './api-context.js';

const MINUTE = 60_000;
const WINDOW_DAYS = 30;

export function replicationRoutes(ctx: ApiContext): Router {
  const r = express.Router();
  r.get('/sobjects/:type/updated', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const { start, end } = window(ctx, req);
    const ids = ctx.store.list(object.name)
      .filter((rec) => inWindow(rec.SystemModstamp, start, end))
      .map((rec) => String(rec.Id));
    res.status(200).json({ ids, latestDateCovered: formatDateTime(end) });
  });
  r.get('/sobjects/:type/deleted', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const { start, end } = window(ctx, req);
    const deletedRecords = ctx.store.list(object.name, { includeDeleted: true })
      .filter((rec) => rec.IsDeleted === true && inWindow(rec.SystemModstamp, start, end))
      .map((rec) => ({ id: String(rec.Id), deletedDate: String(rec.SystemModstamp) }));
    const earliest = Math.floor((ctx.clock().getTime() - WINDOW_DAYS * 86_400_000) / MINUTE) * MINUTE;
    res.status(200).json({ deletedRecords, earliestDateAvailable: formatDateTime(earliest), latestDateCovered: formatDateTime(end) });
  });
  r.get('/limits', (_req, res) => {
    const max = ctx.usage.dailyMax;
    res.status(200).json({
      DailyApiRequests: { Max: max, Remaining: ctx.usage.remaining() },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DataStorageMB: { Max: 1024, Remaining: 1024 },
      SingleEmail: { Max: 15, Remaining: 15 },
    });
  });
  return r;
}

function window(ctx: ApiContext, req: Request): { start: number; end: number } {
  const rawStart = queryParam(req, 'start');
  const rawEnd = queryParam(req, 'end');
  if (rawStart === undefined || rawEnd === undefined) throw new SalesforceError(400, 'MISSING_ARGUMENT', 'start and end parameters are required');
  const start = parseDateTime(rawStart);
  const end = parseDateTime(rawEnd);
  if (start === undefined || end === undefined) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'start and end must be ISO 8601 dateTime values');
  const s = Math.floor(start / MINUTE) * MINUTE;
  const e = Math.floor(end / MINUTE) * MINUTE;
  if (e < s) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'end date cannot be before start date');
  if (ctx.clock().getTime() - s > WINDOW_DAYS * 86_400_000) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', `start date cannot be more than ${WINDOW_DAYS} days ago`);
  return { start: s, end: e };
}

function inWindow(stamp: unknown, start: number, end: number): boolean {
  const ms = typeof stamp === 'string' ? parseDateTime(stamp) : undefined;
  return ms !== undefined && ms >= start && ms < end;
}
