import type { Crm } from './documented-flows.js';
import type { FlowManifest } from './flow-sources.js';
import type { CloudFlows } from './turn-on-dataverse.js';
import { DataverseRefusal } from './turn-on-dataverse.js';
import { flowTargets, planSwitch, stateLabel, WORKFLOW_STATE, type Direction, type FlowTarget, type Step } from './turn-on-plan.js';

// Switches one solution's flows in the documented order (off: the reverse), one at a time: each
// change is read back before the next flow is touched, and the first failure stops the run, so every
// flow before it is in the wanted state and every flow after it is as it was.

export type Outcome = 'switched' | 'already' | 'would-switch' | 'failed' | 'not-reached';

export interface FlowResult {
  readonly flow: FlowTarget;
  readonly outcome: Outcome;
  /** Why it failed, in Dataverse's words where Dataverse refused. */
  readonly reason?: string;
}

export interface SwitchResult {
  readonly crm: Crm;
  readonly direction: Direction;
  readonly dryRun: boolean;
  readonly ok: boolean;
  readonly flows: readonly FlowResult[];
  /** The first flow that failed, and why. */
  readonly failure?: { readonly flow: string; readonly reason: string };
}

export interface SwitchOptions {
  readonly crm: Crm;
  readonly manifest: FlowManifest;
  readonly direction: Direction;
  readonly dryRun: boolean;
  readonly flows: CloudFlows;
  /** Receives one line per flow as it is done, then a closing line. */
  readonly print?: (line: string) => void;
}

export async function switchFlows(options: SwitchOptions): Promise<SwitchResult> {
  const { crm, manifest, direction, dryRun, flows } = options;
  const print = options.print ?? (() => undefined);
  const want = WORKFLOW_STATE[direction].label;
  const targets = flowTargets(manifest);
  print(`${dryRun ? 'Checking' : 'Turning'} the ${targets.length} flows of ${manifest.solution.uniqueName} ${want}${dryRun ? ' (dry run: nothing is changed)' : ''}, ${direction === 'on' ? 'in the documented order' : 'in reverse order'}:`);
  const steps = planSwitch(targets, await flows.find(targets), direction);
  const results: FlowResult[] = [];
  let failure: SwitchResult['failure'];
  for (const step of steps) {
    if (failure && !dryRun) {
      const skipped: FlowResult = { flow: step.flow, outcome: 'not-reached' };
      results.push(skipped);
      print(lineOf(skipped, direction));
      continue;
    }
    const result = await runStep(step, direction, dryRun, flows);
    results.push(result);
    print(lineOf(result, direction));
    if (result.outcome === 'failed' && !failure) failure = { flow: step.flow.name, reason: result.reason ?? 'failed' };
  }
  print(closingLine(results, failure, direction, dryRun));
  return { crm, direction, dryRun, ok: failure === undefined, flows: results, ...(failure ? { failure } : {}) };
}

async function runStep(step: Step, direction: Direction, dryRun: boolean, flows: CloudFlows): Promise<FlowResult> {
  const { flow } = step;
  if (step.kind === 'missing') {
    return { flow, outcome: 'failed', reason: `no cloud flow with this name (or with workflowid ${flow.workflowId}) in the environment; is the solution imported?` };
  }
  if (step.kind === 'ambiguous') {
    return { flow, outcome: 'failed', reason: `${step.rows.length} cloud flows have this name (workflowid ${step.rows.map((r) => r.workflowid).join(', ')}) and none has the solution's id ${flow.workflowId}; turn the right one ${direction} by hand` };
  }
  if (step.kind === 'already') return { flow, outcome: 'already' };
  if (dryRun) return { flow, outcome: 'would-switch', reason: `now ${stateLabel(step.row.statecode)}` };
  const wanted = WORKFLOW_STATE[direction];
  try {
    await flows.setState(step.row.workflowid, direction);
    const state = await flows.readState(step.row.workflowid);
    if (state.statecode !== wanted.statecode) {
      return { flow, outcome: 'failed', reason: `Dataverse accepted the change, but the flow reads back ${stateLabel(state.statecode)} (statecode ${state.statecode}, statuscode ${state.statuscode})` };
    }
    return { flow, outcome: 'switched' };
  } catch (error) {
    return { flow, outcome: 'failed', reason: reasonOf(error, direction) };
  }
}

function reasonOf(error: unknown, direction: Direction): string {
  if (error instanceof DataverseRefusal) return `Dataverse refused to turn it ${direction}: ${error.message}`;
  // The client's own errors (no token, unreachable, throttled too long) name the call, never a secret.
  return error instanceof Error ? error.message : String(error);
}

function lineOf(result: FlowResult, direction: Direction): string {
  const label = `${result.flow.order}. ${result.flow.name}`;
  switch (result.outcome) {
    case 'switched': return `✔ ${label}: turned ${direction}`;
    case 'already': return `✔ ${label}: already ${direction}, left as it is`;
    case 'would-switch': return `• ${label}: would be turned ${direction} (${result.reason ?? ''})`;
    case 'failed': return `✖ ${label}: ${result.reason ?? 'failed'}`;
    case 'not-reached': return `  ${label}: not reached`;
  }
}

function closingLine(results: readonly FlowResult[], failure: SwitchResult['failure'], direction: Direction, dryRun: boolean): string {
  const untouched = results.filter((r) => r.outcome === 'not-reached').length;
  if (failure && dryRun) return `✖ ${results.filter((r) => r.outcome === 'failed').length} flow(s) could not be turned ${direction}; nothing was changed.`;
  if (failure) return `✖ Stopped at "${failure.flow}". ${untouched} flow(s) after it were left as they were; fix the cause and run the command again.`;
  if (dryRun) return `✔ Every flow can be turned ${direction}; nothing was changed.`;
  return `✔ All ${results.length} flows are ${direction}.`;
}
