import assert from 'node:assert/strict';
import { loadConnector, loadSchemas } from '../../scripts/connector-validate/connector-documents.js';
import { formatFinding } from '../../scripts/connector-validate/finding.js';
import { validateConnector } from '../../scripts/connector-validate/validate-connector.js';
import { connectorFolder, schemaFolder } from './repository.js';

// The check CI relies on: connector/ must pass both JSON Schemas and every certification rule.
describe('connector/ folder', () => {
  it('passes both JSON Schemas and every certification rule', () => {
    const loaded = loadConnector(connectorFolder);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.findings.map(formatFinding).join('\n'));
    const findings = validateConnector(loaded.value, loadSchemas(schemaFolder));
    assert.deepEqual(findings.map(formatFinding), []);
  });
});
