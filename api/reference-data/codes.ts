import { createRequire } from 'node:module';
import type { PrerequisiteChecks } from '../domain/prerequisites.js';

const require = createRequire(import.meta.url);
// [alpha-2, alpha-3, numeric] rows of ISO 3166-1, from i18n-iso-countries (only the code table, not its name files).
const rows = require('i18n-iso-countries/codes.json') as string[][];

const COUNTRIES: ReadonlySet<string> = new Set(rows.map((r) => r[0]!).filter((c) => /^[A-Z]{2}$/.test(c)));
// ISO 4217 codes as the runtime's ICU data knows them.
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export const isoCodes: PrerequisiteChecks = {
  isCountryCode: (code) => COUNTRIES.has(code),
  isCurrencyCode: (code) => CURRENCIES.has(code),
};
