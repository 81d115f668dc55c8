/** The last requests the emulator served (method, path below the mount, status, caller's systemuserid), for tests. */
import type { RequestHandler } from 'express';
import type { Clock } from '../../api/domain/clock.js';

export interface RequestLogEntry { at: string; method: string; path: string; status: number; userId?: string }

const MAX_ENTRIES = 1000;

export function logRequests(log: RequestLogEntry[], clock: Clock): RequestHandler {
  return (req, res, next) => {
    const at = clock().toISOString();
    const path = req.originalUrl.slice(req.baseUrl.length) || '/';
    res.on('finish', () => {
      const userId = res.locals.dataverseUserId as string | undefined;
      log.push({ at, method: req.method, path, status: res.statusCode, ...(userId ? { userId } : {}) });
      if (log.length > MAX_ENTRIES) log.splice(0, log.length - MAX_ENTRIES);
    });
    next();
  };
}
