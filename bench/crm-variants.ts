/** The CRMs the sync benchmarks run against: one benchmark per CRM, so each keeps its own results file. */
export type BenchCrm = 'salesforce' | 'dynamics365';

export interface CrmVariant {
  crm: BenchCrm;
  /** The product's `CRM` setting. */
  env: string;
  label: string;
  /** Suffix of the benchmark's name: `sync-latency`, `sync-latency-dynamics365`. */
  nameSuffix: string;
  /** What a change is timed until, for the descriptions. */
  shownAs: string;
  emulator: string;
}

export const SALESFORCE: CrmVariant = {
  crm: 'salesforce', env: 'salesforce', label: 'Salesforce', nameSuffix: '',
  shownAs: 'the Opportunity shows the new Amount', emulator: 'Salesforce emulator',
};

export const DYNAMICS365: CrmVariant = {
  crm: 'dynamics365', env: 'dynamics365', label: 'Dynamics 365', nameSuffix: '-dynamics365',
  shownAs: 'the opportunity row shows the new estimatedvalue', emulator: 'Dataverse emulator',
};
