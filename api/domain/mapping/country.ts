/**
 * Country values as ISO 3166-1 alpha-2 codes, which Partner Center requires. A CRM may hold a name
 * ("Germany", "Deutschland", "USA"): names are read through the runtime's own CLDR data
 * (`Intl.DisplayNames`) in a few languages, and a name is used only when it means one code.
 */

// Region codes CLDR knows that are not ISO 3166-1 alpha-2: withdrawn codes, reserved ones, groupings.
const NOT_ISO = new Set(['AC', 'AN', 'BU', 'CP', 'CQ', 'CS', 'DD', 'DG', 'DY', 'EA', 'EU', 'EZ', 'FX', 'HV', 'IC', 'NH', 'QO', 'RH', 'SU', 'TA', 'TP', 'UK', 'UN', 'VD', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ']);
const LOCALES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'];
// Common CRM spellings CLDR does not list.
const ALIASES: Record<string, string> = { usa: 'US', 'united states of america': 'US', 'great britain': 'GB' };

let codes: ReadonlySet<string> | undefined;
let byName: ReadonlyMap<string, string> | undefined;

export function isIsoCountryCode(code: string): boolean {
  return index().codes.has(code);
}

/** The ISO-2 code for a code or an unambiguous country name; undefined when there is none. */
export function toIsoCountry(value: string): string | undefined {
  const trimmed = value.trim();
  const { codes: known, names } = index();
  if (/^[A-Za-z]{2}$/.test(trimmed) && known.has(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return names.get(normalize(trimmed));
}

function index(): { codes: ReadonlySet<string>; names: ReadonlyMap<string, string> } {
  if (codes === undefined || byName === undefined) {
    const all = new Set<string>();
    const first = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        if (!NOT_ISO.has(code) && first.of(code) !== undefined) all.add(code);
      }
    }
    const seen = new Map<string, Set<string>>();
    const add = (name: string | undefined, code: string): void => {
      if (name === undefined) return;
      const key = normalize(name);
      seen.set(key, (seen.get(key) ?? new Set()).add(code));
    };
    for (const locale of LOCALES) {
      for (const style of ['long', 'short'] as const) {
        const names = new Intl.DisplayNames([locale], { type: 'region', style, fallback: 'none' });
        for (const code of all) add(names.of(code), code);
      }
    }
    for (const [alias, code] of Object.entries(ALIASES)) add(alias, code);
    codes = all;
    // A name two codes share ("Congo" in some languages) is left out rather than guessed.
    byName = new Map([...seen].filter(([, set]) => set.size === 1).map(([name, set]) => [name, [...set][0]!]));
  }
  return { codes, names: byName };
}

function normalize(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().replace(/^the /, '');
}
