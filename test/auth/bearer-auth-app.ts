import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { createBearerAuth, getPrincipal, type BearerAuthOptions } from '../../api/http/auth.js';
import { PROBLEM_CONTENT_TYPE, ProblemError } from '../../api/http/problem.js';

/** A tiny API guarded by the bearer middleware: GET needs read, POST needs write, /whoami echoes the principal. */
export function bearerAuthApp(options: BearerAuthOptions): express.Express {
  const auth = createBearerAuth(options);
  const app = express();
  app.get('/whoami', auth.authenticate, (_req, res) => { res.json(getPrincipal(res)); });
  app.get('/referrals', auth.authenticate, auth.requireRole('read'), (_req, res) => { res.json({ items: [] }); });
  app.post('/referrals', auth.authenticate, auth.requireRole('write'), (_req, res) => { res.status(201).json({}); });
  // Stand-in for the product's error middleware: serialise ProblemError as problem+json.
  const problems: ErrorRequestHandler = (err, req, res, _next) => {
    const problem = err instanceof ProblemError ? err : new ProblemError('internal_error', 'Internal error');
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem.toProblem(req.originalUrl)));
  };
  app.use(problems);
  return app;
}

/** A loopback URL where nothing listens: a server is started and closed again to free a port. */
export async function deadLoopbackUrl(path: string): Promise<string> {
  const server: Server = await new Promise((resolve) => {
    const s = express().listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}${path}`;
}
