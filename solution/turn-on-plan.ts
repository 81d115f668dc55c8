import type { Crm } from './documented-flows.js';
import type { FlowManifest } from './flow-sources.js';
import { uuidV5 } from './stable-id.js';

// Which workflow row is which manifest flow, and in what order to switch them. Pure: the rows come
// from the Dataverse Web API (turn-on-dataverse.ts), the manifest from flows/<crm>/manifest.json.

export type Direction = 'on' | 'off';

/** workflow.statecode (power-platform-formats.md §3.5) and the status reason the command sets with it. */
export const WORKFLOW_STATE: Readonly<Record<Direction, { statecode: number; statuscode: number; label: string }>> = {
  on: { statecode: 1, statuscode: 2, label: 'on' },
  off: { statecode: 0, statuscode: 1, label: 'off' },
};

/** One manifest flow as the environment should hold it. */
export interface FlowTarget {
  readonly order: number;
  readonly name: string;
  /** The WorkflowId the packer gives it; a solution import keeps it. */
  readonly workflowId: string;
}

/** The columns of a `workflow` row the command reads. */
export interface WorkflowRow {
  readonly workflowid: string;
  readonly name: string;
  readonly statecode: number;
  readonly statuscode: number;
}

export type Match =
  | { readonly kind: 'found'; readonly row: WorkflowRow }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly rows: readonly WorkflowRow[] };

export type Step =
  | { readonly flow: FlowTarget; readonly kind: 'switch'; readonly row: WorkflowRow }
  | { readonly flow: FlowTarget; readonly kind: 'already'; readonly row: WorkflowRow }
  | { readonly flow: FlowTarget; readonly kind: 'missing' }
  | { readonly flow: FlowTarget; readonly kind: 'ambiguous'; readonly rows: readonly WorkflowRow[] };

/** The same derivation as solutionModel() in build-solution.ts, so an imported flow is found by id. */
export function packedWorkflowId(solutionUniqueName: string, flowName: string): string {
  return uuidV5(`${solutionUniqueName}/workflow/${flowName}`);
}

/** The manifest's flows in turn-on order. */
export function flowTargets(manifest: FlowManifest): FlowTarget[] {
  return [...manifest.flows]
    .sort((a, b) => a.order - b.order)
    .map((f) => ({ order: f.order, name: f.name, workflowId: packedWorkflowId(manifest.solution.uniqueName, f.name) }));
}

const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
// Dataverse compares text case-insensitively, so a query by name returns any casing.
const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The row of one flow: the one with the packed WorkflowId if there is one (a solution import keeps
 * it); otherwise the only row with the flow's name. Two rows of that name and neither with the id
 * (a copy saved as a new flow, another solution's flow of the same name) is ambiguous: guessing
 * could switch the wrong flow.
 */
export function matchFlow(flow: FlowTarget, rows: readonly WorkflowRow[]): Match {
  const byId = rows.find((r) => sameId(r.workflowid, flow.workflowId));
  if (byId) return { kind: 'found', row: byId };
  const byName = rows.filter((r) => sameName(r.name, flow.name));
  if (byName.length === 0) return { kind: 'missing' };
  if (byName.length > 1) return { kind: 'ambiguous', rows: byName };
  return { kind: 'found', row: byName[0]! };
}

/** On: the manifest order; off: the reverse, so a flow goes off before the flows it relies on. */
export function planSwitch(targets: readonly FlowTarget[], rows: readonly WorkflowRow[], direction: Direction): Step[] {
  const ordered = direction === 'on' ? [...targets] : [...targets].reverse();
  const wanted = WORKFLOW_STATE[direction].statecode;
  return ordered.map((flow): Step => {
    const match = matchFlow(flow, rows);
    if (match.kind === 'missing') return { flow, kind: 'missing' };
    if (match.kind === 'ambiguous') return { flow, kind: 'ambiguous', rows: match.rows };
    return match.row.statecode === wanted ? { flow, kind: 'already', row: match.row } : { flow, kind: 'switch', row: match.row };
  });
}

/**
 * Which solution's flows the environment holds, when `--crm` is not given: the CRM with more of its
 * flows found. Both solutions share "Partner Center Webhook Registration" by name, so a tie (nothing
 * found, or both imported) cannot be decided and gives undefined.
 */
export function detectCrm(targets: Readonly<Record<Crm, readonly FlowTarget[]>>, rows: readonly WorkflowRow[]): Crm | undefined {
  const found = (crm: Crm): number => targets[crm].filter((t) => matchFlow(t, rows).kind === 'found').length;
  const salesforce = found('salesforce');
  const dynamics365 = found('dynamics365');
  if (salesforce === dynamics365) return undefined;
  return salesforce > dynamics365 ? 'salesforce' : 'dynamics365';
}

export function stateLabel(statecode: number): string {
  return statecode === 0 ? 'off' : statecode === 1 ? 'on' : statecode === 2 ? 'suspended' : `in state ${statecode}`;
}
