import { isRecord, type JsonObject } from '../../scripts/connector-validate/json-values.js';
import type { FlowFinding } from './finding.js';
import type { WalkedDefinition } from './wdl-walk.js';

// WDL: an action runs after siblings only ("can only run after other actions that are in the same
// control workflow structure"), with statuses from a closed set; action names are unique across the
// definition; and the runAfter graph of each scope must have no cycle, or nothing in it could start.

const STATUSES = new Set(['Succeeded', 'Failed', 'Skipped', 'TimedOut']);
const MAX_ACTIONS = 250;

function cycleIn(actions: JsonObject): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...trail.slice(trail.indexOf(name)), name];
    state.set(name, 'visiting');
    const action = actions[name];
    const runAfter = isRecord(action) && isRecord(action['runAfter']) ? action['runAfter'] : {};
    for (const before of Object.keys(runAfter)) {
      if (!(before in actions)) continue;
      const cycle = visit(before, [...trail, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of Object.keys(actions)) {
    const cycle = visit(name, []);
    if (cycle) return cycle;
  }
  return undefined;
}

export function checkRunAfter(walked: WalkedDefinition): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const add = (path: string, message: string): void => void findings.push({ check: 'runAfter', path, message });

  const seen = new Map<string, string>();
  for (const [name] of walked.triggers) seen.set(name, '$.properties.definition.triggers');
  for (const site of walked.sites) {
    const first = seen.get(site.name);
    if (first !== undefined) add(site.path, `action name "${site.name}" is already used at ${first}; WDL names must be unique`);
    else seen.set(site.name, site.path);

    const runAfter = site.action['runAfter'];
    if (runAfter === undefined) {
      add(site.path, 'runAfter is missing; use {} for an action that runs first in its scope');
      continue;
    }
    if (!isRecord(runAfter)) {
      add(`${site.path}.runAfter`, 'runAfter must be an object');
      continue;
    }
    for (const [before, statuses] of Object.entries(runAfter)) {
      if (before === site.name) add(`${site.path}.runAfter.${before}`, 'an action cannot run after itself');
      else if (!(before in site.siblings)) {
        const elsewhere = walked.sites.find((s) => s.name === before);
        add(`${site.path}.runAfter.${before}`, elsewhere
          ? `"${before}" is in another scope (${elsewhere.path}); runAfter may only name actions of the same scope`
          : `"${before}" is not an action`);
      }
      if (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every((s) => typeof s === 'string' && STATUSES.has(s))) {
        add(`${site.path}.runAfter.${before}`, `statuses must be a non-empty list of ${[...STATUSES].join(', ')}`);
      }
    }
  }
  for (const [, scope] of walked.scopes) {
    const cycle = cycleIn(scope.actions);
    if (cycle) add(scope.path, `runAfter cycle: ${cycle.join(' → ')}`);
  }
  if (walked.sites.length > MAX_ACTIONS) add('$.properties.definition.actions', `${walked.sites.length} actions; WDL allows at most ${MAX_ACTIONS}`);
  return findings;
}
