/**
 * `POST /v1.0/engagements/referrals`. The partner creates referrals, so they are `Outgoing`; one
 * sent as New comes back Active/Accepted with `acceptedDateTime` = creation time, as the documented
 * create response shows ("For outgoing referrals, it's same date as referral creation datetime").
 * A body `engagementId` is kept: that is how the documented two-step shared co-sell ties the
 * Microsoft-targeted referral to the partner's. Answers 201 with the referral, ETag and Location.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { EmulatorContext } from '../emulator-context.js';
import { invalidRequest } from '../errors.js';
import { isPlainObject, setOwn } from '../json-values.js';
import { present, selfUrl } from '../representation.js';
import { checkPair, defaultSubstatus, isWritableStatus } from '../transitions.js';
import type { Referral } from '../types.js';
import { checkRequiredForCreate, normalizeDealValue, SERVER_MANAGED_FIELDS, validateFields } from '../validation.js';

/** The documented create response's field order; other body fields follow in the order sent. */
const LEADING_FIELDS = [
  'id', 'engagementId', 'organizationId', 'organizationName', 'name', 'externalReferenceId', 'createdDateTime',
  'updatedDateTime', 'expirationDateTime', 'status', 'substatus', 'statusReason', 'qualification', 'type', 'direction',
  'eTag', 'acceptedDateTime', 'closedDateTime',
] as const;

const IDEMPOTENCY_MEMORY = 1000;

export function createReferral(ctx: EmulatorContext): RequestHandler {
  // request-id "is used to ensure id-potency … the retry call should include the same value".
  const createdByRequestId = new Map<string, string>();

  return (req, res) => {
    const base = ctx.baseUrl(req, res);
    const requestId = req.get('request-id');
    const replayed = requestId === undefined ? undefined : ctx.store.peek(createdByRequestId.get(requestId) ?? '');
    if (replayed) {
      respond(res, replayed, base, 201);
      return;
    }

    const body: unknown = req.body;
    if (!isPlainObject(body)) throw invalidRequest('The request body must be a referral object.', 'body');
    const input: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body)) {
      if (!(SERVER_MANAGED_FIELDS as readonly string[]).includes(key) && !key.startsWith('@odata.')) setOwn(input, key, value);
    }
    const problem = checkRequiredForCreate(input) ?? validateFields(input) ?? normalizeDealValue(input);
    if (problem) throw problem;

    const requested = input.status ?? 'New';
    const state = {
      status: requested,
      substatus: input.substatus ?? (isWritableStatus(requested) ? defaultSubstatus(requested) : undefined),
    };
    const pairError = checkPair(state);
    if (pairError) throw pairError;
    if (state.status === 'New') Object.assign(state, { status: 'Active', substatus: 'Accepted' });

    const stamp = ctx.stamper.next();
    const known: Record<string, unknown> = {
      id: randomUUID(),
      engagementId: typeof input.engagementId === 'string' && input.engagementId !== '' ? input.engagementId : randomUUID(),
      organizationId: ctx.organizationId,
      organizationName: ctx.organizationName,
      name: input.name ?? null,
      externalReferenceId: input.externalReferenceId ?? null,
      createdDateTime: stamp.at,
      updatedDateTime: stamp.at,
      // Nothing to expire: an outgoing referral is not waiting for this partner's answer.
      expirationDateTime: input.expirationDateTime ?? null,
      status: state.status,
      substatus: state.substatus,
      statusReason: input.statusReason ?? null,
      qualification: input.qualification ?? 'None',
      type: input.type,
      direction: 'Outgoing',
      eTag: stamp.eTag,
      acceptedDateTime: stamp.at,
      closedDateTime: state.status === 'Closed' ? stamp.at : null,
    };
    const referral: Record<string, unknown> = {};
    for (const key of LEADING_FIELDS) setOwn(referral, key, known[key]);
    for (const [key, value] of Object.entries(input)) {
      if (!Object.hasOwn(referral, key)) setOwn(referral, key, value);
    }

    const created = referral as Referral;
    ctx.store.write(created);
    if (requestId !== undefined) remember(createdByRequestId, requestId, created.id);
    res.set('Location', selfUrl(base, created.id));
    respond(res, created, base, 201);
  };
}

function respond(res: Parameters<RequestHandler>[1], referral: Readonly<Referral>, base: string, status: number): void {
  if (typeof referral.eTag === 'string') res.set('ETag', referral.eTag);
  res.status(status).json(present(referral, base));
}

function remember(memory: Map<string, string>, requestId: string, id: string): void {
  memory.set(requestId, id);
  if (memory.size > IDEMPOTENCY_MEMORY) {
    const oldest = memory.keys().next();
    if (!oldest.done) memory.delete(oldest.value);
  }
}
