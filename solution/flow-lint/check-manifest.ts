import type { Crm } from '../documented-flows.js';
import { DOCUMENTED_FLOW_ORDER } from '../documented-flows.js';
import type { FlowManifest } from '../flow-sources.js';
import type { FlowFinding } from './finding.js';

// The manifest is the turn-on order: it must list the documented flows in the documented order,
// number them 1..n, and name every flow file of the folder exactly once.

export function checkManifest(manifest: FlowManifest, filesInFolder: readonly string[], crm: Crm): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const add = (path: string, message: string): void => void findings.push({ check: 'manifest', path, message });
  if (manifest.crm !== crm) add('$.crm', `is ${manifest.crm}, expected ${crm}`);
  manifest.flows.forEach((f, i) => {
    if (f.order !== i + 1) add(`$.flows[${i}].order`, `is ${f.order}, expected ${i + 1}: entries are listed in turn-on order`);
  });
  const documented = DOCUMENTED_FLOW_ORDER[crm];
  const names = manifest.flows.map((f) => f.name);
  if (JSON.stringify(names) !== JSON.stringify(documented)) {
    const missing = documented.filter((n) => !names.includes(n));
    const extra = names.filter((n) => !documented.includes(n));
    add('$.flows', `names and order must be the documented ones: ${documented.join('; ')}${missing.length ? `. Missing: ${missing.join('; ')}` : ''}${extra.length ? `. Not documented: ${extra.join('; ')}` : ''}`);
  }
  const counts = new Map<string, number>();
  for (const f of manifest.flows) counts.set(f.file, (counts.get(f.file) ?? 0) + 1);
  for (const [file, n] of counts) if (n > 1) add('$.flows', `${file} is listed ${n} times`);
  for (const file of filesInFolder) if (!counts.has(file)) add('$.flows', `${file} is in the folder but not in the manifest`);
  for (const file of counts.keys()) if (!filesInFolder.includes(file)) add('$.flows', `${file} is listed but not in the folder`);
  return findings;
}
