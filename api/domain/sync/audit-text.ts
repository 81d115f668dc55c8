/**
 * What a seller sees on the CRM record: the Audit field (newest first, cut to fit) and the optional
 * ✔/✖ mark the connectors append to the opportunity name.
 */
export const SUCCESS_MARK = '✔';
export const FAILURE_MARK = '✖';
const MARKS = new RegExp(`\\s*[${SUCCESS_MARK}${FAILURE_MARK}]\\s*$`, 'u');

export interface AuditLine {
  at: string;
  action: string;
  direction: string;
  message: string;
  fields: Array<{ field: string; from: unknown; to: unknown; winner?: string }>;
}

/** The name without a mark the connector added. */
export function stripMark(name: unknown): unknown {
  return typeof name === 'string' ? name.replace(MARKS, '') : name;
}

export function withMark(name: string, ok: boolean, maxLength = 120): string {
  const mark = ok ? SUCCESS_MARK : FAILURE_MARK;
  const base = String(stripMark(name));
  return `${base.slice(0, Math.max(0, maxLength - 2))} ${mark}`;
}

/** The Audit field's text: one line per entry, newest first, whole lines only, within `maxChars`. */
export function auditFieldText(entries: AuditLine[], maxChars: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const e of entries) {
    const line = auditLine(e);
    if (used + line.length + 1 > maxChars) break;
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

export function auditLine(e: AuditLine): string {
  const mark = e.action === 'failed' ? FAILURE_MARK : e.action === 'skipped' ? '–' : SUCCESS_MARK;
  const when = e.at.slice(0, 19).replace('T', ' ') + ' UTC';
  const fields = e.fields.length === 0 ? '' : ` [${e.fields.map((f) => `${f.field}: ${show(f.from)} → ${show(f.to)}${f.winner !== undefined ? ` (${f.winner} won)` : ''}`).join('; ')}]`;
  return `${when} ${mark} ${e.message}${fields}`;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '∅';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
