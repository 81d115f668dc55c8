import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { contractOperations, type ContractOperation, type OperationId } from '../contract/index.js';
import { toFieldErrors, type OperationValidators } from '../contract/validators.js';
import type { Logger } from '../logging/logger.js';
import { getPrincipal } from './auth.js';
import { JsonText } from './json-text.js';
import type { OperationHandlers, OperationInput, RequestContext } from './operation-types.js';
import { ProblemError, type FieldError } from './problem.js';

export interface OperationRouterDeps {
  handlers: OperationHandlers;
  validators: Map<OperationId, OperationValidators>;
  /** Guards per operation: reads need the read permission, everything else the write permission. */
  guard: (kind: 'read' | 'write') => RequestHandler[];
  publicBaseUrl: string | undefined;
  logger: Logger;
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? '0') > 0;
}

/** Validates every part of the request; all field errors are reported together. */
function parseInput(op: ContractOperation, v: OperationValidators, req: Request): OperationInput<OperationId> {
  const errors: FieldError[] = [];
  const path = { ...req.params } as Record<string, unknown>;
  if (!v.path(path)) errors.push(...toFieldErrors('path', v.path.errors));
  const query = { ...(req.query as Record<string, unknown>) };
  if (!v.query(query)) errors.push(...toFieldErrors('query', v.query.errors));
  const headers: Record<string, unknown> = {};
  for (const p of op.spec.parameters ?? []) {
    if (p.in === 'header' && req.headers[p.name.toLowerCase()] !== undefined) headers[p.name] = req.get(p.name);
  }
  if (!v.headers(headers)) errors.push(...toFieldErrors('header', v.headers.errors));
  let body: unknown = undefined;
  if (v.body) {
    if (hasBody(req) && !req.is('application/json')) {
      throw new ProblemError('unsupported_media_type', `Send the body as application/json; got ${req.get('content-type') ?? 'no content type'}.`);
    }
    body = req.body as unknown;
    if (body === undefined) {
      if (v.bodyRequired) errors.push({ field: 'body', message: 'is required' });
    } else if (!v.body(body)) {
      errors.push(...toFieldErrors('body', v.body.errors));
    }
  } else if (hasBody(req)) {
    errors.push({ field: 'body', message: 'is not accepted by this operation' });
  }
  if (errors.length > 0) {
    throw new ProblemError('validation_failed', `The request has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.field).join(', ')}.`, { errors });
  }
  return { path, query, headers, body } as unknown as OperationInput<OperationId>;
}

export function baseUrlOf(req: Request, configured: string | undefined): string {
  return (configured ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`).replace(/\/+$/, '');
}

/** Routes are made from the contract, so an operation cannot exist in one and not the other. */
export function operationRouter(deps: OperationRouterDeps): Router {
  const router = express.Router();
  for (const op of contractOperations()) {
    const validators = deps.validators.get(op.operationId);
    if (!validators) throw new Error(`no validators for ${op.operationId}`);
    const handler = deps.handlers[op.operationId] as unknown as (input: OperationInput<OperationId>, ctx: RequestContext) => Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
    const run: RequestHandler = async (req: Request, res: Response) => {
      const input = parseInput(op, validators, req);
      const ctx: RequestContext = {
        requestId: String(res.locals['requestId'] ?? ''),
        tenantId: getPrincipal(res).tenantId,
        baseUrl: baseUrlOf(req, deps.publicBaseUrl),
        logger: (res.locals['logger'] as Logger | undefined) ?? deps.logger,
      };
      const result = await handler(input, ctx);
      for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v);
      if (result.body === undefined) res.status(result.status).end();
      else if (result.body instanceof JsonText) res.status(result.status).type('application/json').send(result.body.text);
      else res.status(result.status).json(result.body);
    };
    router[op.method](op.expressPath, ...deps.guard(op.method === 'get' ? 'read' : 'write'), run);
  }
  return router;
}
