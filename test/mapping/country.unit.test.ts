import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { isIsoCountryCode, toIsoCountry } from '../../api/domain/mapping/country.js';

const require = createRequire(import.meta.url);
const ISO = (require('i18n-iso-countries/codes.json') as string[][]).map((r) => r[0]!);

describe('mapping: ISO country codes', () => {
  it('knows exactly the ISO 3166-1 alpha-2 codes (checked against i18n-iso-countries)', () => {
    const known: string[] = [];
    for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) { const c = String.fromCharCode(a, b); if (isIsoCountryCode(c)) known.push(c); }
    assert.deepEqual(known.sort(), [...ISO].sort());
  });

  for (const [input, code] of [['US', 'US'], ['us', 'US'], [' de ', 'DE'], ['Germany', 'DE'], ['Deutschland', 'DE'], ['United States', 'US'], ['USA', 'US'], ['United Kingdom', 'GB'], ['UK', 'GB'], ["Côte d'Ivoire", 'CI'], ['COTE D IVOIRE', 'CI'], ['Bosnia & Herzegovina', 'BA'], ['the Netherlands', 'NL']] as const) {
    it(`${JSON.stringify(input)} → ${code}`, () => assert.equal(toIsoCountry(input), code));
  }

  for (const input of ['Atlantis', 'ZZ', 'EU', '', 'Europe']) {
    it(`${JSON.stringify(input)} has no code`, () => assert.equal(toIsoCountry(input), undefined));
  }
});
