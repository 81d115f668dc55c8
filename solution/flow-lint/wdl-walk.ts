import { isRecord, type JsonObject } from '../../scripts/connector-validate/json-values.js';

// Flattens a Workflow Definition Language definition into its actions, each with the scope it
// lives in. A scope is one `actions` map: the top level, a Scope/Foreach/Until's actions, an If's
// true or else branch, a Switch case or default. WDL's rules (runAfter stays inside a scope, an
// action sees what ran before it or before its containers) are all stated over these scopes.

export interface ActionSite {
  readonly name: string;
  readonly action: JsonObject;
  /** The container action's site, undefined at top level. */
  readonly parent: ActionSite | undefined;
  /** Identifies the actions map holding this action. */
  readonly scope: string;
  /** The sibling actions in the same map, this one included. */
  readonly siblings: JsonObject;
  readonly path: string;
}

export interface WalkedDefinition {
  readonly definition: JsonObject;
  readonly triggers: Array<[string, JsonObject]>;
  readonly sites: ActionSite[];
  /** Every scope's actions map, by scope id, in document order. */
  readonly scopes: Map<string, { readonly actions: JsonObject; readonly path: string }>;
}

/** The nested actions maps of a container action, with the branch label and JSON path of each. */
export function childScopes(action: JsonObject, path: string): Array<{ branch: string; actions: JsonObject; path: string }> {
  const out: Array<{ branch: string; actions: JsonObject; path: string }> = [];
  if (isRecord(action['actions'])) out.push({ branch: 'actions', actions: action['actions'], path: `${path}.actions` });
  const otherwise = action['else'];
  if (isRecord(otherwise) && isRecord(otherwise['actions'])) out.push({ branch: 'else', actions: otherwise['actions'], path: `${path}.else.actions` });
  const cases = action['cases'];
  if (isRecord(cases)) {
    for (const [caseName, c] of Object.entries(cases)) {
      if (isRecord(c) && isRecord(c['actions'])) out.push({ branch: `case:${caseName}`, actions: c['actions'], path: `${path}.cases.${caseName}.actions` });
    }
  }
  const byDefault = action['default'];
  if (isRecord(byDefault) && isRecord(byDefault['actions'])) out.push({ branch: 'default', actions: byDefault['actions'], path: `${path}.default.actions` });
  return out;
}

export function walkDefinition(definition: JsonObject, basePath = '$.properties.definition'): WalkedDefinition {
  const sites: ActionSite[] = [];
  const scopes = new Map<string, { actions: JsonObject; path: string }>();
  const visit = (actions: JsonObject, scope: string, parent: ActionSite | undefined, path: string): void => {
    scopes.set(scope, { actions, path });
    for (const [name, action] of Object.entries(actions)) {
      if (!isRecord(action)) continue;
      const site: ActionSite = { name, action, parent, scope, siblings: actions, path: `${path}.${name}` };
      sites.push(site);
      for (const child of childScopes(action, site.path)) visit(child.actions, `${name}#${child.branch}`, site, child.path);
    }
  };
  const top = isRecord(definition['actions']) ? definition['actions'] : {};
  visit(top, '#top', undefined, `${basePath}.actions`);
  const triggers = isRecord(definition['triggers'])
    ? Object.entries(definition['triggers']).filter((e): e is [string, JsonObject] => isRecord(e[1]))
    : [];
  return { definition, triggers, sites, scopes };
}

/** The site and its containers, innermost first. */
export function ancestry(site: ActionSite): ActionSite[] {
  const chain: ActionSite[] = [];
  for (let s: ActionSite | undefined = site; s; s = s.parent) chain.push(s);
  return chain;
}

/** Names of the siblings that must finish before `name` may start (transitive runAfter). */
export function predecessors(siblings: JsonObject, name: string): Set<string> {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    const action = siblings[current];
    const runAfter = isRecord(action) && isRecord(action['runAfter']) ? action['runAfter'] : {};
    for (const before of Object.keys(runAfter)) {
      if (!seen.has(before) && before in siblings) {
        seen.add(before);
        stack.push(before);
      }
    }
  }
  seen.delete(name);
  return seen;
}
