import type { SyncRun } from '../../api/storage/types.js';
import { DEFAULT_USERS } from '../../sandbox/salesforce/index.js';
import { incomingCoSell, startSyncFixture, type SyncFixture } from './sync-fixture.js';

type Row = Record<string, unknown>;

/**
 * The sync fixture once the mirror's first fill is over. The fill runs at start-up and writes the referrals it
 * lists straight into the mirror without queuing a CRM sync job; a referral put while it runs is then "stale"
 * when its webhook is applied, so it never reaches Salesforce (seen as 1 of 6 referrals synced). Waiting for
 * the fill keeps these tests about the sync, not about that race (reported separately).
 */
export async function startFilledSyncFixture(env: Record<string, string> = {}): Promise<SyncFixture> {
  const f = await startSyncFixture(env);
  await f.t.product.syncMirror();
  return f;
}

/** What a seller typed in; each prerequisite can be left out so one test removes exactly one. */
export interface SellerDealOptions {
  /** Account BillingCountry; null leaves it empty. */
  country?: string | null;
  /** A Microsoft Solutions row on the opportunity. */
  solution?: boolean;
  /** A contact role whose contact has an email; false adds none. */
  contact?: boolean;
  /** How can Microsoft help; null leaves it empty. */
  help?: string | null;
  amount?: number;
  currency?: string;
}

export interface SellerDeal { accountId: string; oppId: string }

export const DEAL_NAME = 'Northwind ERP';

/** An opportunity a seller marked Sync with Partner Center, complete unless an option removes a part. */
export function sellerDeal(f: SyncFixture, o: SellerDealOptions = {}): SellerDeal {
  const country = o.country === undefined ? 'United States' : o.country;
  const accountId = f.sellerInsert('Account', { Name: 'Northwind Traders', BillingPostalCode: '98052', ...(country !== null ? { BillingCountry: country } : {}) });
  const help = o.help === undefined ? 'Quotes or licensing' : o.help;
  const oppId = f.sellerInsert('Opportunity', {
    Name: DEAL_NAME, StageName: 'Qualification', CloseDate: '2026-12-31', Amount: o.amount ?? 120000, AccountId: accountId, Sync_with_Partner_Center__c: true,
    ...(o.currency !== undefined ? { CurrencyIsoCode: o.currency } : {}),
    ...(help !== null ? { How_can_Microsoft_help__c: help } : {}),
  });
  if (o.contact !== false) addContact(f, accountId, oppId);
  if (o.solution !== false) addSolution(f, oppId);
  return { accountId, oppId };
}

export function addContact(f: SyncFixture, accountId: string, oppId: string): void {
  const contactId = f.sellerInsert('Contact', { FirstName: 'Nina', LastName: 'North', Email: 'nina@northwind.example', AccountId: accountId });
  f.sellerInsert('OpportunityContactRole', { OpportunityId: oppId, ContactId: contactId, Role: 'Decision Maker' });
}

export function addSolution(f: SyncFixture, oppId: string): void {
  f.sellerInsert('Microsoft_Solutions__c', { Name: 'Field Service Accelerator', Solution_Id__c: 'SOL-34104-EBB', Opportunity__c: oppId });
}

export function opportunity(f: SyncFixture, id: string): Row {
  const row = f.sf.store.get('Opportunity', id);
  if (row === undefined) throw new Error(`no Opportunity ${id}`);
  return row;
}

/** Partner Center's documented lead categories (api/domain/referral-category.ts), as Partner Center sends them. */
export function marketplaceLead(overrides: Row = {}): Row {
  return incomingCoSell({
    name: 'Marketplace trial: Contoso Analytics', type: 'Independent', qualification: 'Direct',
    inviteContext: { notes: 'Came from the marketplace listing' }, ...overrides,
  });
}

export function qualifiedLead(overrides: Row = {}): Row {
  return incomingCoSell({
    name: 'Qualified lead: Tailspin data platform', type: 'Independent', qualification: 'MarketingQualified',
    customerProfile: { name: 'Tailspin Toys', address: { city: 'Oslo', postalCode: '0150', country: 'NO' }, team: [{ firstName: 'Tor', lastName: 'Tailspin', email: 'tor@tailspin.example' }] },
    inviteContext: { notes: 'From a Microsoft campaign', invitedBy: { organizationId: 'msft', organizationName: 'Microsoft' } }, ...overrides,
  });
}

/**
 * A co-sell referral whose team member is a Salesforce user (the org's seller), so its whole view fits the
 * CRM. incomingCoSell's Microsoft team member is no Salesforce user, and the engine records it in the link
 * base anyway (see the skipped tests in reconciliation.integration.test.ts).
 */
export function coSellWithSellerTeam(overrides: Row = {}): Row {
  const seller = DEFAULT_USERS.find((u) => u.username.startsWith('seller@'));
  if (seller === undefined) throw new Error('the sandbox org has no seller user');
  return incomingCoSell({ team: [{ firstName: seller.firstName, lastName: seller.lastName, email: seller.email }], ...overrides });
}

/** Every record of the objects the sync writes, to compare before and after a run that must not write. */
export function salesforceState(f: SyncFixture): string {
  return JSON.stringify(['Opportunity', 'Lead', 'Account', 'Contact', 'OpportunityContactRole', 'OpportunityTeamMember', 'Microsoft_Solutions__c'].map((o) => f.sf.store.list(o)));
}

/** Salesforce requests that change data (reads, queries and collection retrieves excluded). */
export function salesforceWrites(f: SyncFixture, from: number): Array<{ method: string; path: string }> {
  return f.sf.requestLog.slice(from).filter((e) => {
    if (e.method === 'GET') return false;
    // POST /composite/sobjects/{T} is a retrieve of many records; POST /composite/sobjects (no type) creates.
    if (e.method === 'POST' && /\/composite\/sobjects\/[^/]+$/.test(e.path)) return false;
    return !/\/services\/oauth2\/token$/.test(e.path);
  });
}

/** Starts a reconciliation and resolves with the finished run. */
export async function reconcile(f: SyncFixture, options: { dryRun: boolean; kind?: SyncRun['kind'] }): Promise<SyncRun> {
  const run = await f.sync.startReconciliation(f.tenantId, options);
  return finished(f, run.id);
}

export async function finished(f: SyncFixture, runId: string): Promise<SyncRun> {
  const done = await f.sync.reconciler.wait(runId);
  if (done === undefined) throw new Error(`run ${runId} is not running in this process`);
  return done;
}
