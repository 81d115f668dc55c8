import express, { type Router } from 'express';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** /healthz: the process is up. /readyz: its dependencies answer, so traffic may be sent. */
export function healthRouter(checks: ReadinessCheck[]): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(checks.map(async (c) => {
      try { await c.check(); return { name: c.name, status: 'ok' as const }; }
      catch (err) { return { name: c.name, status: 'failing' as const, reason: (err as Error).name }; }
    }));
    const ready = results.every((r) => r.status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: results });
  });
  return router;
}
