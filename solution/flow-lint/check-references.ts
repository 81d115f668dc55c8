import { isRecord } from '../../scripts/connector-validate/json-values.js';
import { findExpressions, referencesIn, type ExpressionReference } from './expressions.js';
import type { FlowFinding } from './finding.js';
import { ancestry, childScopes, predecessors, type ActionSite, type WalkedDefinition } from './wdl-walk.js';

// Every name an expression uses must exist and be reachable from where the expression runs:
// - actions()/outputs()/body()/result(): an action that has finished by then, that is one of the
//   transitive runAfter predecessors of the expression's action or of one of its containers, or
//   anything inside such a predecessor. A Do until's own condition also sees its inner actions.
// - items()/iterationIndexes(): an enclosing Foreach (or Until, for iterationIndexes); item() needs
//   an enclosing Foreach, or a Query/Select whose row expressions it is in.
// - variables(): a top-level InitializeVariable that precedes the expression as an action would.
// - parameters(): a definition parameter.
// Trigger expressions (conditions, splitOn, inputs) may use only trigger outputs and parameters.

const ACTION_KINDS = new Set(['actions', 'outputs', 'body', 'result']);

/** Where an expression sits: in an action's own inputs, or in a container's header (If/Until/Foreach/Switch). */
interface Location {
  readonly site: ActionSite;
  readonly header: boolean;
  readonly rowExpression: boolean;
}

function declaredVariables(walked: WalkedDefinition): Map<string, ActionSite> {
  const out = new Map<string, ActionSite>();
  for (const site of walked.sites) {
    if (site.action['type'] !== 'InitializeVariable') continue;
    const inputs = site.action['inputs'];
    const variables = isRecord(inputs) && Array.isArray(inputs['variables']) ? inputs['variables'] : [];
    for (const v of variables) if (isRecord(v) && typeof v['name'] === 'string') out.set(v['name'], site);
  }
  return out;
}

/** Whether `target` has finished, or may have, when the expression at `from` is evaluated. */
function visible(from: Location, target: ActionSite): boolean {
  const targetChain = ancestry(target);
  const fromChain = ancestry(from.site);
  if (from.header && from.site.action['type'] === 'Until' && targetChain.includes(from.site) && target !== from.site) return true;
  for (const x of fromChain) {
    for (const y of targetChain) {
      if (y.scope === x.scope && predecessors(x.siblings, x.name).has(y.name)) return true;
    }
  }
  return false;
}

function headerKeys(site: ActionSite): Set<string> {
  switch (site.action['type']) {
    case 'If': return new Set(['expression']);
    case 'Until': return new Set(['expression', 'limit']);
    case 'Foreach': return new Set(['foreach']);
    case 'Switch': return new Set(['expression']);
    default: return new Set();
  }
}

export function checkReferences(walked: WalkedDefinition): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const parameters = isRecord(walked.definition['parameters']) ? walked.definition['parameters'] : {};
  const byName = new Map(walked.sites.map((s) => [s.name, s]));
  const variables = declaredVariables(walked);
  const add = (path: string, expression: string, message: string): void =>
    void findings.push({ check: 'references', path, message: `${message} in "${expression}"` });

  const checkTrigger = (ref: ExpressionReference, path: string, text: string): void => {
    if (ref.kind === 'parameters') {
      if (!(ref.name! in parameters)) add(path, text, `parameter '${ref.name}' is not declared`);
    } else if (ref.kind !== 'triggerBody' && ref.kind !== 'triggerOutputs') {
      add(path, text, `${ref.kind}(${ref.name === undefined ? '' : `'${ref.name}'`}) cannot be used in a trigger`);
    }
  };
  for (const [name, trigger] of walked.triggers) {
    for (const e of findExpressions(trigger, `$.properties.definition.triggers.${name}`)) {
      for (const ref of referencesIn(e.text)) checkTrigger(ref, e.path, e.text);
    }
  }

  const checkAction = (ref: ExpressionReference, at: Location, path: string, text: string): void => {
    const chain = ancestry(at.site);
    const enclosing = at.header ? chain.slice(1) : chain;
    switch (ref.kind) {
      case 'triggerBody':
      case 'triggerOutputs':
        return;
      case 'parameters':
        if (!(ref.name! in parameters)) add(path, text, `parameter '${ref.name}' is not declared`);
        return;
      case 'variables': {
        const init = variables.get(ref.name!);
        if (!init) add(path, text, `variable '${ref.name}' is never initialized`);
        else if (init.parent) add(init.path, text, `variable '${ref.name}' is initialized inside ${init.parent.name}; InitializeVariable must be top-level`);
        else if (!visible(at, init)) add(path, text, `variable '${ref.name}' is initialized by ${init.name}, which does not run before this action`);
        return;
      }
      case 'items':
      case 'iterationIndexes': {
        const loopTypes = ref.kind === 'items' ? ['Foreach'] : ['Foreach', 'Until'];
        if (!enclosing.some((s) => s.name === ref.name && loopTypes.includes(String(s.action['type'])))) {
          add(path, text, `${ref.kind}('${ref.name}') needs an enclosing ${loopTypes.join(' or ')} named ${ref.name}`);
        }
        return;
      }
      case 'item':
        if (!at.rowExpression && !enclosing.some((s) => s.action['type'] === 'Foreach')) add(path, text, 'item() is used outside a Foreach, Query or Select');
        return;
      default:
        if (!ACTION_KINDS.has(ref.kind)) return;
        {
          const target = byName.get(ref.name!);
          if (!target) add(path, text, `action '${ref.name}' does not exist`);
          else if (!visible(at, target)) add(path, text, `action '${ref.name}' does not run before ${at.site.name} (not in its runAfter chain or an earlier scope)`);
        }
    }
  };

  for (const site of walked.sites) {
    const nested = new Set(childScopes(site.action, site.path).map((c) => c.path));
    const header = headerKeys(site);
    const rowType = site.action['type'] === 'Query' || site.action['type'] === 'Select';
    for (const [key, value] of Object.entries(site.action)) {
      if (key === 'actions' || key === 'else' || key === 'cases' || key === 'default' || key === 'runAfter') continue;
      for (const e of findExpressions(value, `${site.path}.${key}`)) {
        if ([...nested].some((p) => e.path.startsWith(p))) continue;
        const rowExpression = rowType && key === 'inputs' && !e.path.startsWith(`${site.path}.inputs.from`);
        const at: Location = { site, header: header.has(key), rowExpression };
        for (const ref of referencesIn(e.text)) checkAction(ref, at, e.path, e.text);
      }
    }
  }
  return findings;
}
