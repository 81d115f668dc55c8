/**
 * `PATCH /v1.0/engagements/referrals/{id}` (JSON Patch, the documented way) and the obsolete
 * `PUT` (full resource, If-Match required). Both check the precondition first, build the new
 * version on a copy, validate it whole, and only then store it: a refused update changes nothing.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { EmulatorContext } from '../emulator-context.js';
import { invalidRequest, itemNotFound, preconditionFailed } from '../errors.js';
import { applyPatch, parsePatch } from '../json-patch.js';
import { isPlainObject, setOwn } from '../json-values.js';
import { present } from '../representation.js';
import { checkTransition } from '../transitions.js';
import type { Referral } from '../types.js';
import { checkRequiredForCreate, normalizeDealValue, SERVER_MANAGED_FIELDS, validateFields } from '../validation.js';

type Params = { id: string };

function findReferral(ctx: EmulatorContext, id: string): Readonly<Referral> {
  const current = ctx.store.peek(id);
  if (!current) throw itemNotFound(id);
  return current;
}

/**
 * If-Match is compared byte-for-byte with the eTag as served, quotes included (`"…"`). `*` matches
 * any existing referral (RFC 9110).
 */
function checkPrecondition(current: Readonly<Referral>, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  if (ifMatch !== current.eTag) throw preconditionFailed();
}

/** Validates `next` against `current` and the state machine, then stamps and stores it. */
function commit(ctx: EmulatorContext, current: Readonly<Referral>, next: Referral): Referral {
  const problem = normalizeDealValue(next, current) ?? validateFields(next, current);
  if (problem) throw problem;
  const stateChanged = next.status !== current.status || next.substatus !== current.substatus;
  const transitionError = stateChanged || current.status === 'Closed' ? checkTransition(current, next) : undefined;
  if (transitionError) throw transitionError;

  const stamp = ctx.stamper.next();
  if (current.status !== 'Active' && next.status === 'Active' && (next.acceptedDateTime ?? null) === null) {
    next.acceptedDateTime = stamp.at;
  }
  if (next.status === 'Closed') next.closedDateTime = stamp.at;
  next.updatedDateTime = stamp.at;
  next.eTag = stamp.eTag;
  ctx.store.write(next);
  return next;
}

function wantsRepresentation(req: Request): boolean {
  return /(^|[,;\s])return=representation(\s*($|[,;]))/i.test(req.get('prefer') ?? '');
}

function sendRepresentation(ctx: EmulatorContext, req: Request, res: Response, referral: Referral): void {
  if (typeof referral.eTag === 'string') res.set('ETag', referral.eTag);
  res.status(200).json(present(referral, ctx.baseUrl(req, res)));
}

export function patchReferral(ctx: EmulatorContext): RequestHandler<Params> {
  return (req, res) => {
    const current = findReferral(ctx, req.params.id);
    checkPrecondition(current, req.get('if-match'));
    const operations = parsePatch(req.body, SERVER_MANAGED_FIELDS);
    const updated = commit(ctx, current, applyPatch(current as Referral, operations));
    if (wantsRepresentation(req)) {
      res.set('Preference-Applied', 'return=representation');
      sendRepresentation(ctx, req, res, updated);
    } else {
      res.status(204).end();
    }
  };
}

/**
 * The obsolete full update. Server-owned fields (id, organization, createdDateTime, direction,
 * accepted/closed times) keep their stored values whatever the body says; the docs' own PUT
 * sample sends a different `id` in the body than in its response, so the path id wins.
 */
export function putReferral(ctx: EmulatorContext): RequestHandler<Params> {
  return (req, res) => {
    const current = findReferral(ctx, req.params.id);
    const ifMatch = req.get('if-match');
    if (ifMatch === undefined || ifMatch.trim() === '') {
      throw invalidRequest('The If-Match header is required to update a referral with PUT.', 'If-Match');
    }
    checkPrecondition(current, ifMatch);
    const body: unknown = req.body;
    if (!isPlainObject(body)) throw invalidRequest('The request body must be a referral object.', 'body');
    const missing = checkRequiredForCreate(body);
    if (missing) throw missing;

    const managed = SERVER_MANAGED_FIELDS as readonly string[];
    const next: Record<string, unknown> = {};
    setOwn(next, 'id', current.id);
    for (const key of ['organizationId', 'organizationName'] as const) {
      if (current[key] !== undefined) setOwn(next, key, current[key]);
    }
    for (const [key, value] of Object.entries(structuredClone(body))) {
      if (key.startsWith('@odata.')) continue;
      if (!managed.includes(key)) setOwn(next, key, value);
      else if (current[key] !== undefined && key !== 'links') setOwn(next, key, current[key]);
    }
    for (const key of managed) {
      if (key !== 'links' && !Object.hasOwn(next, key) && current[key] !== undefined) setOwn(next, key, structuredClone(current[key]));
    }
    sendRepresentation(ctx, req, res, commit(ctx, current, next as Referral));
  };
}
