import { jsonPath, type PathSegment } from './json-path.js';

/** The connector files a finding can point into. */
export type ConnectorFile = 'apiDefinition.swagger.json' | 'apiProperties.json' | 'readme.md';

/** One problem: which rule found it, where (file and JSONPath, or heading for the readme), and what is wrong. */
export interface Finding {
  readonly rule: string;
  readonly file: ConnectorFile;
  readonly path: string;
  readonly message: string;
}

export function swaggerFinding(rule: string, at: readonly PathSegment[], message: string): Finding {
  return { rule, file: 'apiDefinition.swagger.json', path: jsonPath(at), message };
}

export function apiPropertiesFinding(rule: string, at: readonly PathSegment[], message: string): Finding {
  return { rule, file: 'apiProperties.json', path: jsonPath(at), message };
}

export function readmeFinding(rule: string, where: string, message: string): Finding {
  return { rule, file: 'readme.md', path: where, message };
}

export function formatFinding(f: Finding): string {
  return `${f.file} ${f.path} [${f.rule}] ${f.message}`;
}

/** Drops repeats, e.g. a shared $ref'd parameter reported once per operation that uses it. */
export function uniqueFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.file}\u0000${f.path}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
