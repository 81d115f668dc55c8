/** Bearer (or `OAuth`) session check for the REST API; an unknown or expired token gets 401 INVALID_SESSION_ID. */
import type { RequestHandler, Response } from 'express';
import { invalidSession } from '../errors.js';
import type { Session, SessionStore } from './sessions.js';

export function authenticate(sessions: SessionStore): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header);
    const session = match ? sessions.verify(match[1]!) : undefined;
    if (!session) throw invalidSession();
    res.locals.session = session;
    next();
  };
}

export function sessionOf(res: Response): Session {
  return res.locals.session as Session;
}
