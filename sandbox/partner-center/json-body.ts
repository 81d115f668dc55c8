/**
 * Reads write bodies ourselves rather than trusting the host app's body parser: the limit (1 MB,
 * 413 above it), the media type (JSON; 415 otherwise) and malformed JSON (400 `invalidRequest`)
 * must answer in the Partner Center error envelope.
 */
import express, { type RequestHandler } from 'express';
import { invalidRequest, payloadTooLarge, unsupportedMediaType } from './errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const readRaw = express.raw({ type: () => true, limit: MAX_BODY_BYTES });

/** application/json, application/json-patch+json and other +json types, any charset. */
function isJsonMediaType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && (type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type));
}

export const jsonBody: RequestHandler = (req, res, next) => {
  // A host app that parsed bodies before mounting us has already consumed the stream; use its result.
  const preParsed = req.body as unknown;
  req.body = undefined;
  if (req.method !== 'POST' && req.method !== 'PATCH' && req.method !== 'PUT') {
    next();
    return;
  }
  readRaw(req, res, (error?: unknown) => {
    if (error !== undefined && error !== null) {
      const type = (error as { type?: unknown }).type;
      next(type === 'entity.too.large' ? payloadTooLarge(MAX_BODY_BYTES) : invalidRequest('The request body could not be read.', 'body'));
      return;
    }
    const raw = req.body as unknown;
    req.body = undefined;
    if (!Buffer.isBuffer(raw) || raw.length === 0) {
      if (!Buffer.isBuffer(raw) && preParsed !== undefined && !Buffer.isBuffer(preParsed)) req.body = preParsed;
      next();
      return;
    }
    const contentType = req.get('content-type');
    if (!isJsonMediaType(contentType)) {
      next(unsupportedMediaType(contentType));
      return;
    }
    try {
      req.body = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
      next();
    } catch (parseError) {
      const detail = parseError instanceof Error ? parseError.message : 'invalid JSON';
      next(invalidRequest(`The request body is not valid JSON: ${detail}`, 'body'));
    }
  });
};
