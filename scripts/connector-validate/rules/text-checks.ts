// String tests shared by the certification rules (DEVHUB certification-submission.md and
// connector-string-guidance.md, summarised in /work/shared/reference/power-platform-formats.md §1.9).

/** Power Platform product names a title or description must not carry; the no-space spellings too. */
export const PRODUCT_NAMES: ReadonlyArray<readonly [string, RegExp]> = [
  ['Power Automate', /\bpower\s*automate\b/i],
  ['Power Apps', /\bpower\s*apps\b/i],
  ['Power BI', /\bpower\s*bi\b/i],
  ['Power Platform', /\bpower\s*platform\b/i],
  ['Copilot Studio', /\bcopilot\s*studio\b/i],
  ['Logic Apps', /\blogic\s*apps\b/i],
];

/** The word, or its plural, as a whole word in any case ("API", "APIs"; not "rapid"). */
export function containsWord(text: string, word: string): boolean {
  return new RegExp(`\\b${word}s?\\b`, 'i').test(text);
}

export function productNamesIn(text: string): string[] {
  return PRODUCT_NAMES.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

export function endsWithAlphanumeric(text: string): boolean {
  return /[A-Za-z0-9]$/.test(text);
}

/** Ends in . ! or ?, possibly followed by a closing quote or parenthesis. */
export function endsWithPunctuation(text: string): boolean {
  return /[.!?]["')]?$/.test(text);
}

/** A full sentence: starts with a capital letter or a digit and ends with punctuation. */
export function isSentence(text: string): boolean {
  return /^["'(]?[A-Z0-9]/.test(text) && endsWithPunctuation(text);
}

/** Only letters, digits, spaces and parentheses (RestrictedCharactersInSummary). */
export function hasOnlySummaryCharacters(text: string): boolean {
  return /^[A-Za-z0-9 ()]+$/.test(text);
}

/** Compares two texts ignoring case, surrounding space and final punctuation. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/[.!?]+$/, '').trim().toLowerCase();
  return norm(a) === norm(b);
}

export const MAX_SUMMARY_LENGTH = 80;
