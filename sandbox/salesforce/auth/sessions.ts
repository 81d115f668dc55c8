/**
 * Access tokens. Salesforce tokens are opaque session ids (`00D…!AR…`), not JWTs: jsforce refuses
 * SOAP calls with JWT-shaped tokens, so the metadata deploy depends on this shape. Sessions expire
 * after the org's timeout (2 hours by default) on the injectable clock, so re-auth on 401 is testable.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../api/domain/clock.js';
import { ORG_ID } from '../ids.js';

export interface Session { token: string; userId: string; clientId: string; issuedAt: number; expiresAt: number }

export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly clock: Clock, private readonly lifetimeMs: number) {}

  issue(userId: string, clientId: string): Session {
    const issuedAt = this.clock().getTime();
    const token = `${ORG_ID.slice(0, 15)}!AR${randomBytes(48).toString('base64url')}`;
    const session = { token, userId, clientId, issuedAt, expiresAt: issuedAt + this.lifetimeMs };
    this.sessions.set(token, session);
    return session;
  }

  /** The live session for a token, or undefined (unknown, revoked or expired). */
  verify(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (this.clock().getTime() >= session.expiresAt) {
      this.sessions.delete(token);
      return undefined;
    }
    return session;
  }

  /** Ends every session, as an admin's "revoke" or an org-wide logout would; clients must re-authenticate. */
  revokeAll(): void {
    this.sessions.clear();
  }
}
