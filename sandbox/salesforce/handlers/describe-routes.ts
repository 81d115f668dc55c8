/** `GET /sobjects` (describeGlobal), `GET /sobjects/{T}` (basic info) and `GET /sobjects/{T}/describe`. */
import express, { type Router } from 'express';
import { apiVersion, objectOr404, recordUrl, representation, type ApiContext } from './api-context.js';
import { describeGlobal, describeObject, objectSummary } from './describe.js';

export function describeRoutes(ctx: ApiContext): Router {
  const r = express.Router();
  r.get('/sobjects', (_req, res) => {
    res.status(200).json(describeGlobal(apiVersion(res), ctx.schema));
  });
  r.get('/sobjects/:type', (req, res) => {
    const object = objectOr404(ctx, req.params.type);
    const recent = ctx.store.list(object.name).slice(-5).reverse().map((rec) => {
      const full = representation(res, object, rec, ['Id', ...(object.fields.some((f) => f.name === 'Name') ? ['Name'] : [])]);
      full.attributes = { type: object.name, url: recordUrl(res)(object.name, String(rec.Id)) };
      return full;
    });
    res.status(200).json({ objectDescribe: objectSummary(apiVersion(res), object), recentItems: recent });
  });
  r.get('/sobjects/:type/describe', (req, res) => {
    res.status(200).json(describeObject(apiVersion(res), ctx.schema, objectOr404(ctx, req.params.type)));
  });
  return r;
}
