import assert from 'node:assert/strict';
import { lintFlow } from '../../solution/flow-lint/lint-flows.js';
import type { FlowCheckName } from '../../solution/flow-lint/finding.js';
import { connectorIndex, flowCopy } from './repository.js';

// Each check fed a broken copy of a shipped flow must name the problem. The copies start clean (the
// repository-flows test proves it), so each finding comes from the one change made here.

const index = connectorIndex();
const SF = 'salesforce' as const;
const REGISTRATION = 'partner-center-webhook-registration.json';
const PC_TO_SF = 'partner-center-to-salesforce.json';
const OPPORTUNITY = 'salesforce-opportunity-to-partner-center.json';
const NIGHTLY = 'salesforce-to-partner-center.json';

function assertFinds(flow: unknown, check: FlowCheckName, fragment: string): void {
  const findings = lintFlow(flow, index);
  const match = findings.find((f) => f.check === check && `${f.path} ${f.message}`.includes(fragment));
  assert.ok(match, `expected a ${check} finding containing "${fragment}", got:\n${findings.map((f) => `${f.check} ${f.path} ${f.message}`).join('\n') || '(none)'}`);
}

const definition = (flow: any): any => flow.properties.definition;
const actions = (flow: any): any => definition(flow).actions;

describe('flow checks: connector operations', () => {
  it('rejects an operationId the connector does not have', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    actions(flow).Sync_the_record_now.inputs.host.operationId = 'NotifyCrmChange';
    assertFinds(flow, 'operations', 'no operation NotifyCrmChange');
  });

  it('rejects a parameter the operation does not have, down to body properties', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    actions(flow).Sync_the_record_now.inputs.parameters['body/recordIdList'] = [];
    assertFinds(flow, 'operations', 'has no parameter body/recordIdList');
  });

  it('rejects a call without a required parameter', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    delete actions(flow).Wait_for_the_sync.actions.List_the_referral_sync_history.inputs.parameters.referralId;
    assertFinds(flow, 'operations', 'requires parameter referralId');
  });

  it('rejects a trigger operation used as an action', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    actions(flow).Sync_the_record_now.inputs.host.operationId = 'OnReferralCreated';
    actions(flow).Sync_the_record_now.inputs.parameters = {};
    assertFinds(flow, 'operations', 'OnReferralCreated is a trigger');
  });

  it('rejects an action operation used as a trigger', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    definition(flow).triggers.When_a_referral_is_created.inputs.host.operationId = 'GetReferral';
    assertFinds(flow, 'operations', 'GetReferral is an action');
  });

  it('rejects setting the notification URL the platform fills', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    definition(flow).triggers.When_a_referral_is_created.inputs.parameters['body/callbackUrl'] = 'https://example.com';
    assertFinds(flow, 'operations', 'notification URL');
  });

  it('rejects an internal operation called as an action', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    actions(flow).Sync_the_record_now.inputs.host.operationId = 'DeleteTriggerSubscription';
    actions(flow).Sync_the_record_now.inputs.parameters = { subscriptionId: 'x' };
    assertFinds(flow, 'operations', 'is internal');
  });

  it('rejects a Salesforce operation the flows are not known to use, and an unknown Salesforce parameter', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    const trigger = definition(flow).triggers.When_an_opportunity_is_created_or_modified;
    trigger.inputs.parameters.object = 'Opportunity';
    assertFinds(flow, 'operations', 'has no parameter object');
    trigger.inputs.host.operationId = 'GetItems';
    assertFinds(flow, 'operations', 'GetItems of shared_salesforce');
  });

  it('rejects a polling trigger without a recurrence', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    delete definition(flow).triggers.When_an_opportunity_is_created_or_modified.recurrence;
    assertFinds(flow, 'operations', 'needs a recurrence');
  });
});

describe('flow checks: expression references', () => {
  it('rejects a reference to an action that does not exist', () => {
    const flow = flowCopy(SF, NIGHTLY);
    actions(flow).Reconciliation_started.inputs.runId = "@body('Start_reconciliation')?['id']";
    assertFinds(flow, 'references', "action 'Start_reconciliation' does not exist");
  });

  it('rejects a reference to an action that does not run before (a parallel branch)', () => {
    const flow = flowCopy(SF, NIGHTLY);
    actions(flow).Reconciliation_started.runAfter = { Look_for_every_change: ['Succeeded'] };
    assertFinds(flow, 'references', "action 'Start_the_reconciliation' does not run before Reconciliation_started");
  });

  it('rejects a reference into the other branch of a condition', () => {
    const flow = flowCopy(SF, REGISTRATION);
    actions(flow).If_an_endpoint_was_given.else.actions.Keep_the_backend_registration.inputs.value = "@body('Register_the_given_endpoint')";
    assertFinds(flow, 'references', "action 'Register_the_given_endpoint' does not run before Keep_the_backend_registration");
  });

  it('rejects a condition that reads an action inside its own branches', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    actions(flow).If_the_sync_failed.expression = { equals: ["@outputs('Fail_with_the_audit_message')", '@null'] };
    assertFinds(flow, 'references', "action 'Fail_with_the_audit_message' does not run before If_the_sync_failed");
  });

  it('accepts a Do until condition that reads its own inner actions, and rejects it elsewhere', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    assert.deepEqual(lintFlow(flow, index), []);
    actions(flow).Wait_for_the_sync.actions.List_the_referral_sync_history.inputs.parameters.top = "@length(body('Entries_written_to_the_CRM'))";
    assertFinds(flow, 'references', "action 'Entries_written_to_the_CRM' does not run before List_the_referral_sync_history");
  });

  it('rejects items() outside a Foreach of that name, and item() outside any loop or row expression', () => {
    const flow = flowCopy(SF, NIGHTLY);
    actions(flow).Reconciliation_started.inputs.runId = "@items('Each_run')?['id']";
    assertFinds(flow, 'references', "items('Each_run') needs an enclosing Foreach");
    actions(flow).Reconciliation_started.inputs.runId = "@item()?['id']";
    assertFinds(flow, 'references', 'item() is used outside');
  });

  it('rejects an undeclared parameter, inside an interpolation too', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    actions(flow).If_the_sync_failed.actions.Fail_with_the_audit_message.inputs.runError.message = "see @{parameters('Support URL')}";
    assertFinds(flow, 'references', "parameter 'Support URL' is not declared");
  });

  it('rejects a variable that is never initialized, or read before its initialization', () => {
    const flow = flowCopy(SF, REGISTRATION);
    actions(flow).Registration_summary.inputs.webhookUrl = "@variables('registrations')";
    assertFinds(flow, 'references', "variable 'registrations' is never initialized");
    const early = flowCopy(SF, REGISTRATION);
    actions(early).Events_to_register.inputs.where = "@equals(variables('registration'), item())";
    assertFinds(early, 'references', 'initialized by Initialize_registration, which does not run before this action');
  });

  it('rejects action outputs in a trigger condition', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    definition(flow).triggers.When_an_opportunity_is_created_or_modified.conditions[0].expression = "@equals(body('Sync_the_record_now'), null)";
    assertFinds(flow, 'references', "body('Sync_the_record_now') cannot be used in a trigger");
  });

  it('ignores @@-escaped strings', () => {
    const flow = flowCopy(SF, NIGHTLY);
    actions(flow).Reconciliation_started.inputs.note = "@@body('Nothing')";
    assert.deepEqual(lintFlow(flow, index), []);
  });
});

describe('flow checks: runAfter', () => {
  it('rejects runAfter naming an action of another scope', () => {
    const flow = flowCopy(SF, PC_TO_SF);
    actions(flow).Wait_for_the_sync.actions.List_the_referral_sync_history.runAfter = { Latest_sync_entry: ['Succeeded'] };
    assertFinds(flow, 'runAfter', 'is in another scope');
  });

  it('rejects a cycle', () => {
    const flow = flowCopy(SF, NIGHTLY);
    actions(flow).Look_for_every_change.runAfter = { Reconciliation_started: ['Succeeded'] };
    assertFinds(flow, 'runAfter', 'runAfter cycle: ');
  });

  it('rejects an unknown status and a missing runAfter', () => {
    const flow = flowCopy(SF, NIGHTLY);
    actions(flow).Start_the_reconciliation.runAfter = { Look_for_every_change: ['Completed'] };
    assertFinds(flow, 'runAfter', 'statuses must be');
    delete actions(flow).Reconciliation_started.runAfter;
    assertFinds(flow, 'envelope', "must have required property 'runAfter'");
  });

  it('rejects an action name used twice in different scopes', () => {
    const flow = flowCopy(SF, REGISTRATION);
    const branch = actions(flow).If_an_endpoint_was_given.else.actions;
    branch.Register_the_given_endpoint = branch.Register_the_backend_receiver;
    delete branch.Register_the_backend_receiver;
    branch.Keep_the_backend_registration.runAfter = { Register_the_given_endpoint: ['Succeeded'] };
    branch.Keep_the_backend_registration.inputs.value = '@null';
    assertFinds(flow, 'runAfter', 'action name "Register_the_given_endpoint" is already used');
  });
});

describe('flow checks: connection references', () => {
  it('rejects a step whose connection is not declared', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    definition(flow).triggers.When_an_opportunity_is_created_or_modified.inputs.host.connectionName = 'shared_salesforce_1';
    assertFinds(flow, 'connections', 'connection "shared_salesforce_1" is not declared');
  });

  it('rejects a reference the solution does not declare', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    flow.properties.connectionReferences.shared_salesforce.connection.connectionReferenceLogicalName = 'new_sharedsalesforce_1a2b3';
    assertFinds(flow, 'connections', 'is not a connection reference of the solution');
  });

  it('rejects a declared reference that nothing uses', () => {
    const flow = flowCopy(SF, NIGHTLY);
    flow.properties.connectionReferences.shared_salesforce = flowCopy(SF, OPPORTUNITY).properties.connectionReferences.shared_salesforce;
    assertFinds(flow, 'connections', 'declared but no trigger or action uses it');
  });
});

describe('flow checks: file shape and environment variables', () => {
  it('rejects a definition without $authentication, or with another $schema', () => {
    const flow = flowCopy(SF, NIGHTLY);
    delete definition(flow).parameters.$authentication;
    assertFinds(flow, 'envelope', "must have required property '$authentication'");
    const other = flowCopy(SF, NIGHTLY);
    definition(other).$schema = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2019-05-01/workflowdefinition.json#';
    assertFinds(other, 'envelope', 'must be equal to constant');
  });

  it('rejects two triggers, an unknown action type and an unknown action key', () => {
    const flow = flowCopy(SF, NIGHTLY);
    definition(flow).triggers.Again = { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } };
    assertFinds(flow, 'envelope', 'must NOT have more than 1 properties');
    const typo = flowCopy(SF, NIGHTLY);
    actions(typo).Reconciliation_started.type = 'Composer';
    assertFinds(typo, 'envelope', 'must be equal to one of the allowed values');
    const key = flowCopy(SF, NIGHTLY);
    actions(key).Reconciliation_started.runafter = {};
    assertFinds(key, 'envelope', 'must NOT have additional properties (runafter)');
  });

  it('rejects an environment variable parameter the solution does not ship, or typed wrongly', () => {
    const flow = flowCopy(SF, OPPORTUNITY);
    const params = definition(flow).parameters;
    params['On-hold stage name (cosell_OnHoldStageName)'].type = 'Bool';
    assertFinds(flow, 'environmentVariables', 'must be String');
    params['Region (cosell_Region)'] = { type: 'String', defaultValue: 'EU', metadata: { schemaName: 'cosell_Region' } };
    assertFinds(flow, 'environmentVariables', 'no environment variable "cosell_Region"');
  });
});
