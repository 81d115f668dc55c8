/** The REST API versions the emulator serves (jsforce needs ≥ 42.0 for sObject Collections; 67.0 is the current GA release). */
import type { RequestHandler } from 'express';
import { notFound } from './errors.js';

export const MIN_API_VERSION = 42;
export const MAX_API_VERSION = 67;
export const DEFAULT_API_VERSION = '62.0';

/** `GET /services/data`: the list Salesforce answers without authentication. */
export function versionList(): { label: string; url: string; version: string }[] {
  const out = [];
  for (let v = MIN_API_VERSION; v <= MAX_API_VERSION; v += 1) out.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  return out;
}

/** `/services/data/v62.0/…`: anything but `vNN.0` within range is a NOT_FOUND, as Salesforce answers unknown versions. */
export const versionGate: RequestHandler = (req, res, next) => {
  const raw = (req.params as Record<string, string | undefined>).version ?? '';
  const match = /^v(\d+)\.0$/.exec(raw);
  const major = match ? Number(match[1]) : Number.NaN;
  if (!(major >= MIN_API_VERSION && major <= MAX_API_VERSION)) throw notFound();
  res.locals.apiVersion = `${major}.0`;
  next();
};
