import assert from 'node:assert/strict';
import { CRMS, DOCUMENTED_FLOW_ORDER } from '../../solution/documented-flows.js';
import { loadSolutionFlows } from '../../solution/flow-sources.js';
import { loadSources, solutionModel } from '../../solution/build-solution.js';
import { detectCrm, flowTargets, matchFlow, planSwitch, type FlowTarget, type WorkflowRow } from '../../solution/turn-on-plan.js';
import { flowsRoot, repositoryRoot } from '../flows/repository.js';

const targetsOf = (crm: 'salesforce' | 'dynamics365') => flowTargets(loadSolutionFlows(flowsRoot, crm).manifest);
const row = (t: FlowTarget, statecode = 0, workflowid = t.workflowId): WorkflowRow => ({ workflowid, name: t.name, statecode, statuscode: statecode === 1 ? 2 : 1 });

describe('solution:turn-on planning', () => {
  for (const crm of CRMS) {
    it(`${crm}: targets follow the documented order and carry the packer's WorkflowIds`, () => {
      const targets = targetsOf(crm);
      assert.deepEqual(targets.map((t) => t.name), DOCUMENTED_FLOW_ORDER[crm]);
      const packed = solutionModel(loadSources(repositoryRoot), crm, false).workflows;
      assert.deepEqual(targets.map((t) => t.workflowId), packed.map((w) => w.id));
    });
  }

  it('on: manifest order; off: the reverse', () => {
    const targets = targetsOf('salesforce');
    const rows = targets.map((t) => row(t, 0));
    assert.deepEqual(planSwitch(targets, rows, 'on').map((s) => s.flow.order), [1, 2, 3, 4, 5, 6, 7]);
    const on = targets.map((t) => row(t, 1));
    assert.deepEqual(planSwitch(targets, on, 'off').map((s) => s.flow.order), [7, 6, 5, 4, 3, 2, 1]);
  });

  it('marks flows already in the wanted state and switches the rest (a suspended flow is switched on)', () => {
    const [a, b, c] = targetsOf('dynamics365') as [FlowTarget, FlowTarget, FlowTarget];
    const steps = planSwitch([a, b, c], [row(a, 1), row(b, 0), row(c, 2)], 'on');
    assert.deepEqual(steps.map((s) => s.kind), ['already', 'switch', 'switch']);
    assert.deepEqual(planSwitch([a, b, c], [row(a, 1), row(b, 0), row(c, 2)], 'off').map((s) => [s.flow.order, s.kind]), [[3, 'switch'], [2, 'already'], [1, 'switch']]);
  });

  it('prefers the row with the packed id over a same-named copy', () => {
    const [first] = targetsOf('salesforce') as [FlowTarget];
    const copy = row(first, 1, '11111111-2222-4333-8444-555555555555');
    const match = matchFlow(first, [copy, row(first, 0)]);
    assert.equal(match.kind, 'found');
    assert.equal(match.kind === 'found' && match.row.workflowid, first.workflowId);
  });

  it('takes the only row of the flow\'s name (any casing) when no row has the packed id', () => {
    const [first] = targetsOf('salesforce') as [FlowTarget];
    const other: WorkflowRow = { workflowid: '11111111-2222-4333-8444-555555555555', name: first.name.toUpperCase(), statecode: 0, statuscode: 1 };
    assert.deepEqual(matchFlow(first, [other]), { kind: 'found', row: other });
  });

  it('reports a missing flow and an ambiguous name instead of guessing', () => {
    const [first] = targetsOf('salesforce') as [FlowTarget];
    assert.deepEqual(matchFlow(first, []), { kind: 'missing' });
    const twins = ['11111111-2222-4333-8444-555555555555', '66666666-7777-4888-8999-000000000000'].map((id) => row(first, 0, id));
    assert.deepEqual(matchFlow(first, twins), { kind: 'ambiguous', rows: twins });
  });

  it('detects the solution from the flows found, and gives up on a tie', () => {
    const targets = { salesforce: targetsOf('salesforce'), dynamics365: targetsOf('dynamics365') };
    assert.equal(detectCrm(targets, targets.dynamics365.map((t) => row(t))), 'dynamics365');
    assert.equal(detectCrm(targets, targets.salesforce.map((t) => row(t))), 'salesforce');
    assert.equal(detectCrm(targets, []), undefined);
    assert.equal(detectCrm(targets, [...targets.salesforce, ...targets.dynamics365].map((t) => row(t))), undefined);
    // The shared name alone decides nothing.
    assert.equal(detectCrm(targets, [row(targets.salesforce[0]!)]), undefined);
  });
});
