/** The `Prefer` request header: representation, page size, annotations and continue-on-error. */
export interface Preferences {
  returnRepresentation: boolean;
  maxPageSize?: number;
  /** The `odata.include-annotations` value as sent (without quotes), e.g. `*` or `OData.Community.Display.V1.FormattedValue`. */
  includeAnnotations?: string;
  continueOnError: boolean;
}

export function parsePrefer(header: string | undefined): Preferences {
  const prefs: Preferences = { returnRepresentation: false, continueOnError: false };
  for (const raw of splitPreferences(header ?? '')) {
    const [name = '', ...rest] = raw.split('=');
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1');
    switch (name.trim().toLowerCase()) {
      case 'return': prefs.returnRepresentation = value === 'representation'; break;
      case 'odata.maxpagesize': {
        const n = Number(value);
        if (Number.isInteger(n) && n > 0) prefs.maxPageSize = n;
        break;
      }
      case 'odata.include-annotations': prefs.includeAnnotations = value; break;
      case 'odata.continue-on-error': prefs.continueOnError = true; break;
      default: break;
    }
  }
  return prefs;
}

/** Commas separate preferences, except inside a quoted annotation list. */
function splitPreferences(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) { parts.push(current); current = ''; continue; }
    current += ch;
  }
  if (current.trim() !== '') parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Whether an annotation term is asked for: `*`, the exact term, or a `Namespace.*` pattern; `-term` excludes. */
export function wantsAnnotation(include: string | undefined, term: string): boolean {
  if (!include) return false;
  let wanted = false;
  for (const pattern of include.split(',').map((p) => p.trim())) {
    const negate = pattern.startsWith('-');
    const p = negate ? pattern.slice(1) : pattern;
    const matches = p === '*' || p === term || (p.endsWith('.*') && term.startsWith(p.slice(0, -1)));
    if (matches) wanted = !negate;
  }
  return wanted;
}
