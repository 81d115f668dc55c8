import type { DataverseEmulator } from '../sandbox/dataverse/index.js';
import type { CrmWatch } from './update-driver.js';

/** Tables whose rows the benchmarks count: what the sync writes (opportunityclose rows are the close actions' by-products). */
export const COUNTED_TABLES = ['opportunity', 'lead', 'account', 'contact', 'connection', 'msp_partnercentersolution', 'annotation', 'opportunityclose'] as const;

/** The sync's opportunity for a referral, by the alternate key on msp_referralidentifier (an index, not a scan), and its estimatedvalue. */
export function dataverseWatch(dataverse: DataverseEmulator): CrmWatch {
  return {
    opportunityOf: (referralId) => {
      const id = dataverse.store.findByKey('opportunity', { msp_referralidentifier: referralId })?.opportunityid;
      return typeof id === 'string' ? id : undefined;
    },
    dealValue: (id) => dataverse.store.get('opportunity', id)?.estimatedvalue,
  };
}

/**
 * Rows per counted table. A connection is written as one request and Dataverse adds its reciprocal,
 * so only the written side (`ismaster`) counts: the records the sync sent, as for Salesforce.
 */
export function dataverseRecordCounts(dataverse: DataverseEmulator): Record<string, number> {
  const records: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    if (!dataverse.catalog.entity(table)) continue;
    records[table] = table === 'connection'
      ? [...dataverse.store.rows('connection')].filter((c) => c.ismaster === true).length
      : dataverse.store.count(table);
  }
  return records;
}
