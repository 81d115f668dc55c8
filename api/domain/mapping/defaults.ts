import dynamics365 from '../../../mappings/dynamics365.default.json' with { type: 'json' };
import salesforce from '../../../mappings/salesforce.default.json' with { type: 'json' };
import { parseMapping } from './load.js';
import type { CrmKind, Mapping } from './types.js';

/** The shipped default mapping files, parsed (and so checked) like any user file. */
const FILES: Readonly<Record<CrmKind, unknown>> = { salesforce, dynamics365 };

export function defaultMapping(crm: CrmKind): Mapping {
  return parseMapping(FILES[crm]);
}
