/** Routes one Web API call to its handler; HTTP requests and $batch parts both come through here. */
import { CODES, DataverseError, resourceNotFound, unexpectedError } from '../errors.js';
import { parseResourcePath, resolveRecordId } from './resource-path.js';
import { queryCollection } from './collection-routes.js';
import { createReciprocal, updateReciprocal } from './connections.js';
import { runOperation } from './operations.js';
import { parseJsonBody, readPayload } from './payload.js';
import { clearReference, createRecord, deleteRecord, entityUrl, retrieveRecord, upsertRecord } from './record-routes.js';
import type { ApiRequest, ApiResponse, CallContext, Environment } from './types.js';

export interface Outcome { response: ApiResponse; /** `entityset(<guid>)` of the row a POST or PATCH wrote, for Content-ID references. */ written?: string }

export function execute(env: Environment, req: ApiRequest, ctx: CallContext): Outcome {
  const resource = parseResourcePath(resolveContentId(req.path, ctx), env.catalog);
  const method = req.method.toUpperCase();
  switch (resource.kind) {
    case 'operation': return { response: runOperation(env, resource.name, req, ctx) };
    case 'collection':
      if (method === 'GET') return { response: queryCollection(env, resource.entity, req) };
      if (method === 'POST') {
        const { response, id } = env.store.transaction(() => {
          const result = createRecord(env, resource.entity, req, ctx);
          if (resource.entity.logicalName === 'connection') createReciprocal(env.store, env.store.require('connection', result.id), ctx);
          return result;
        });
        return { response, written: `${resource.entity.entitySetName}(${id})` };
      }
      throw methodNotAllowed(method);
    case 'record':
      if (method === 'GET') return { response: retrieveRecord(env, resource, req) };
      if (method === 'PATCH') {
        const { response, id } = env.store.transaction(() => {
          const existed = resolveRecordId(resource, env.store) !== undefined;
          const result = upsertRecord(env, resource, req, ctx);
          if (resource.entity.logicalName === 'connection') {
            const row = env.store.require('connection', result.id);
            if (existed) updateReciprocal(env.store, row, readPayload(resource.entity, parseJsonBody(req.body), { catalog: env.catalog, store: env.store, contentIds: ctx.contentIds }).values, ctx);
            else createReciprocal(env.store, row, ctx);
          }
          return result;
        });
        const written = `${resource.entity.entitySetName}(${id})`;
        if (response.status === 204) response.headers['OData-EntityId'] = entityUrl(env, resource.entity, id);
        return { response, written };
      }
      if (method === 'DELETE') return { response: env.store.transaction(() => deleteRecord(env, resource, req)) };
      throw methodNotAllowed(method);
    case 'reference':
      if (method === 'DELETE') return { response: clearReference(env, resource.record, resource.navigation, ctx) };
      throw methodNotAllowed(method);
  }
}

/** Turns any failure into Dataverse's error response; internals never leak. */
export function errorResponse(error: unknown): ApiResponse {
  const failure = error instanceof DataverseError ? error : unexpectedError();
  return { status: failure.status, headers: { ...failure.headers }, body: failure.toBody() };
}

/** `$1` or `$1/…` at the start of a change-set URL stands for the row that part created. */
function resolveContentId(path: string, ctx: CallContext): string {
  const match = /^\/?\$(\w+)(\/.*)?$/.exec(path);
  if (!match || match[1] === 'batch' || match[1] === 'metadata') return path;
  const resolved = ctx.contentIds.get(match[1]!);
  if (!resolved) throw resourceNotFound(`$${match[1]!}`);
  return `${resolved}${match[2] ?? ''}`;
}

function methodNotAllowed(method: string): DataverseError {
  return new DataverseError(405, CODES.odataBadRequest, `The HTTP method '${method}' is not allowed for this resource.`);
}
