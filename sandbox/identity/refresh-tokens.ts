import { randomBytes } from 'node:crypto';
import { entraErrors } from './entra-errors.js';
import type { IdentityUser } from './types.js';

interface Grant {
  user: IdentityUser;
  /** Issued tokens are bound to the client they were issued to; seeded ones stand for a past consent by any client of the tenant. */
  clientId: string | undefined;
}

/** Kept in memory; the oldest issued tokens are forgotten first, so a long-running sandbox does not grow without bound. */
const MAX_ISSUED = 10_000;

/**
 * Refresh tokens: the users' seeded tokens plus those issued by the refresh_token grant. As in Entra, a redeemed
 * token stays valid and a new one is returned with each grant (rotation), so a client may keep using either.
 */
export class RefreshTokenStore {
  private readonly seeded = new Map<string, Grant>();
  private readonly issued = new Map<string, Grant>();

  constructor(users: readonly IdentityUser[]) {
    for (const user of users) this.seeded.set(user.refreshToken, { user, clientId: undefined });
  }

  redeem(token: string, tenantId: string, clientId: string): IdentityUser {
    const grant = this.issued.get(token) ?? this.seeded.get(token);
    if (!grant || grant.user.tenantId !== tenantId) throw entraErrors.invalidRefreshToken();
    if (grant.clientId !== undefined && grant.clientId !== clientId) throw entraErrors.refreshTokenOtherClient();
    return grant.user;
  }

  issue(user: IdentityUser, clientId: string): string {
    const token = randomBytes(48).toString('base64url');
    this.issued.set(token, { user, clientId });
    if (this.issued.size > MAX_ISSUED) {
      const oldest = this.issued.keys().next();
      if (oldest.done !== true) this.issued.delete(oldest.value);
    }
    return token;
  }
}
