/** The org's users and connected apps; the first user is the integration user (client-credentials run-as, default actor). */
import { to18 } from './ids.js';
import type { SalesforceClientApp } from './auth/token-endpoint.js';

export interface SalesforceUserSeed {
  username: string;
  lastName: string;
  firstName?: string;
  email?: string;
  /** 18-character Id with the 005 prefix; generated when absent. */
  id?: string;
  isActive?: boolean;
}

export const INTEGRATION_USER_ID = to18('0055g00000CoSel');
export const SELLER_USER_ID = to18('0055g00000SeLLr');

export const DEFAULT_USERS: readonly SalesforceUserSeed[] = [
  { id: INTEGRATION_USER_ID, username: 'integration@cosell-sandbox.example', firstName: 'Co-sell', lastName: 'Integration', email: 'integration@cosell-sandbox.example' },
  { id: SELLER_USER_ID, username: 'seller@cosell-sandbox.example', firstName: 'Ada', lastName: 'Seller', email: 'seller@cosell-sandbox.example' },
];

export const DEFAULT_CLIENT: SalesforceClientApp = { clientId: 'sandbox-sf-client', clientSecret: 'sandbox-sf-secret' };
