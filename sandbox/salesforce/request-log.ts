/** The last requests the emulator served (method, path below the mount, status, acting user), for tests to assert on. */
import type { RequestHandler } from 'express';
import type { Clock } from '../../api/domain/clock.js';
import type { Session } from './auth/sessions.js';

export interface RequestLogEntry { at: string; method: string; path: string; status: number; userId?: string }

const MAX_ENTRIES = 1000;

/** Query strings are kept (SOQL is the interesting part); tokens never appear in paths. */
export function logRequests(log: RequestLogEntry[], clock: Clock): RequestHandler {
  return (req, res, next) => {
    const at = clock().toISOString();
    const path = req.originalUrl.slice(req.baseUrl.length) || '/';
    res.on('finish', () => {
      const session = res.locals.session as Session | undefined;
      log.push({ at, method: req.method, path, status: res.statusCode, ...(session ? { userId: session.userId } : {}) });
      if (log.length > MAX_ENTRIES) log.splice(0, log.length - MAX_ENTRIES);
    });
    next();
  };
}
