/**
 * SOQL: `GET /query?q=` and `/queryAll?q=` (deleted rows too), and `GET /query/{locator}` for the
 * next page. Pages hold 2,000 rows unless `Sforce-Query-Options: batchSize=n` (200–2,000) asks
 * for fewer; `nextRecordsUrl` is `/services/data/vXX.X/query/<locator>`.
 */
import express, { type Request, type Response, type Router } from 'express';
import { SalesforceError } from '../errors.js';
import { DEFAULT_BATCH_SIZE, type Page } from '../soql/query-cursors.js';
import { runQuery } from '../soql/run-query.js';
import { actingUser, apiVersion, queryParam, recordUrl, type ApiContext } from './api-context.js';

export function queryRoutes(ctx: ApiContext): Router {
  const r = express.Router();
  for (const resource of ['query', 'queryAll'] as const) {
    r.get(`/${resource}`, (req, res) => {
      const soql = queryParam(req, 'q');
      if (soql === undefined || soql.trim() === '') throw new SalesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      const outcome = runQuery(ctx.schema, ctx.store, soql, { includeDeleted: resource === 'queryAll', now: ctx.clock(), recordUrl: recordUrl(res) });
      const page = ctx.cursors.open(actingUser(res), outcome.records, batchSize(req), outcome.totalSize);
      sendPage(res, resource, page);
    });
    r.get(`/${resource}/:locator`, (req, res) => {
      sendPage(res, resource, ctx.cursors.next(actingUser(res), req.params.locator));
    });
  }
  return r;
}

function sendPage(res: Response, resource: string, page: Page): void {
  res.status(200).json({
    totalSize: page.totalSize,
    done: page.done,
    ...(page.locator ? { nextRecordsUrl: `/services/data/v${apiVersion(res)}/${resource}/${page.locator}` } : {}),
    records: page.records,
  });
}

function batchSize(req: Request): number {
  const match = /batchSize\s*=\s*(\d+)/i.exec(req.get('sforce-query-options') ?? '');
  if (!match) return DEFAULT_BATCH_SIZE;
  return Math.min(DEFAULT_BATCH_SIZE, Math.max(200, Number(match[1])));
}
