import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRMS, DOCUMENTED_FLOW_ORDER } from '../../solution/documented-flows.js';
import { loadSolutionFlows } from '../../solution/flow-sources.js';
import { formatFlowFinding } from '../../solution/flow-lint/finding.js';
import { lintSolutionFlows } from '../../solution/flow-lint/lint-flows.js';
import { connectorIndex, flowsRoot, repositoryRoot } from './repository.js';

// The flows the solutions ship: every static check passes, the manifests are the documented turn-on
// order, and the CRM fields the triggers read exist in the CRM packages and mappings.

describe('flows/ (the shipped flows)', () => {
  for (const crm of CRMS) {
    it(`${crm}: every flow passes every check`, () => {
      const findings = lintSolutionFlows(loadSolutionFlows(flowsRoot, crm), crm, connectorIndex());
      assert.deepEqual([...findings].flatMap(([file, fs]) => fs.map((f) => formatFlowFinding(file, f))), []);
    });

    it(`${crm}: the manifest lists the documented flows in the documented order`, () => {
      const { manifest } = loadSolutionFlows(flowsRoot, crm);
      assert.deepEqual(manifest.flows.map((f) => f.name), DOCUMENTED_FLOW_ORDER[crm]);
      assert.deepEqual(manifest.flows.map((f) => f.order), DOCUMENTED_FLOW_ORDER[crm].map((_, i) => i + 1));
    });
  }

  it('the webhook registration flow asks for the documented inputs', () => {
    for (const crm of CRMS) {
      const flow = JSON.parse(readFileSync(join(flowsRoot, crm, 'partner-center-webhook-registration.json'), 'utf8'));
      const trigger = flow.properties.definition.triggers.manual;
      const properties = trigger.inputs.schema.properties as Record<string, { title: string }>;
      const titles = Object.values(properties).map((p) => p.title);
      assert.deepEqual(titles, ['Http Trigger Endpoint', 'Events to Register', 'Overwrite existing trigger endpoints if present']);
    }
  });

  it('Salesforce flows read only fields the Salesforce package deploys', () => {
    const objects = join(repositoryRoot, 'crm-packages', 'salesforce', 'force-app', 'main', 'default', 'objects');
    const deployed = new Set(readdirSync(objects).flatMap((o) => [o, ...readdirSync(join(objects, o, 'fields')).map((f) => f.replace('.field-meta.xml', ''))]));
    const used = new Set<string>();
    for (const file of readdirSync(join(flowsRoot, 'salesforce'))) {
      for (const m of readFileSync(join(flowsRoot, 'salesforce', file), 'utf8').matchAll(/\b[A-Za-z_]+__c\b/g)) used.add(m[0]);
    }
    assert.ok(used.size > 0);
    assert.deepEqual([...used].filter((name) => !deployed.has(name)), []);
  });

  it('Dynamics 365 flows read only columns and tables the default mapping names', () => {
    const mapping = readFileSync(join(repositoryRoot, 'mappings', 'dynamics365.default.json'), 'utf8');
    const used = new Set<string>();
    for (const file of readdirSync(join(flowsRoot, 'dynamics365'))) {
      for (const m of readFileSync(join(flowsRoot, 'dynamics365', file), 'utf8').matchAll(/\bmsp_[a-z]+/g)) used.add(m[0]);
    }
    assert.ok(used.size > 0);
    assert.deepEqual([...used].filter((name) => !mapping.includes(`"${name}"`)), []);
  });
});
