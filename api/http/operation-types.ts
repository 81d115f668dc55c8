import type { Logger } from '../logging/logger.js';
import type { OperationId, operations } from '../contract/index.js';

type Op<K extends OperationId> = operations[K];
type Part<P> = [P] extends [never] ? Record<string, never> : [P] extends [undefined] ? Record<string, never> : NonNullable<P>;

type BodyOf<K extends OperationId> =
  Op<K> extends { requestBody: { content: { 'application/json': infer B } } } ? B
    : Op<K> extends { requestBody?: { content: { 'application/json': infer B } } } ? B | undefined
      : undefined;

/** What a handler receives: every part of the request, already validated against the contract. */
export interface OperationInput<K extends OperationId> {
  path: Part<Op<K>['parameters']['path']>;
  query: Part<Op<K>['parameters']['query']>;
  headers: Part<Op<K>['parameters']['header']>;
  body: BodyOf<K>;
}

type SuccessStatus<K extends OperationId> = Extract<keyof Op<K>['responses'], 200 | 201 | 202 | 204>;
type ResponseBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/** What a handler returns: one of the operation's documented success responses. */
export type OperationResult<K extends OperationId> = {
  [S in SuccessStatus<K>]: { status: S; body: ResponseBody<Op<K>['responses'][S]>; headers?: Record<string, string> };
}[SuccessStatus<K>];

export interface RequestContext {
  requestId: string;
  /** The caller's partner tenant (the token's tid): every stored row belongs to one. */
  tenantId: string;
  /** Absolute base URL of this API as the caller reached it, for links. */
  baseUrl: string;
  logger: Logger;
}

export type OperationHandler<K extends OperationId> = (input: OperationInput<K>, ctx: RequestContext) => Promise<OperationResult<K>>;

/** One handler per contract operation: a missing or extra handler is a compile error. */
export type OperationHandlers = { [K in OperationId]: OperationHandler<K> };
