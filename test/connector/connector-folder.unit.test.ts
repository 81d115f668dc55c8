import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConnector, loadSchemas, SchemaFolderError } from '../../scripts/connector-validate/connector-documents.js';
import { formatFinding } from '../../scripts/connector-validate/finding.js';
import { validateConnector } from '../../scripts/connector-validate/validate-connector.js';
import { connectorFolder, repositoryRoot, schemaFolder } from './repository.js';

// The check CI relies on: connector/ must pass both JSON Schemas and every certification rule.
describe('connector/ folder', () => {
  it('passes both JSON Schemas and every certification rule', () => {
    const loaded = loadConnector(connectorFolder);
    assert.ok(loaded.ok, loaded.ok ? '' : loaded.findings.map(formatFinding).join('\n'));
    const findings = validateConnector(loaded.value, loadSchemas(schemaFolder));
    assert.deepEqual(findings.map(formatFinding), []);
  });
});

describe('JSON Schema folder', () => {
  it('is the shared schemas folder beside the repository', () => {
    assert.equal(schemaFolder, resolve(repositoryRoot, '..', 'shared', 'schemas'));
  });

  it('names the path when the folder is missing', () => {
    const missing = join(repositoryRoot, 'no-such-schemas');
    assert.throws(() => loadSchemas(missing), (e: unknown) => e instanceof SchemaFolderError && e.message.includes(missing));
  });

  it('names the path when a schema file is missing', () => {
    const folder = mkdtempSync(join(tmpdir(), 'schemas-'));
    try {
      assert.throws(() => loadSchemas(folder), (e: unknown) => e instanceof SchemaFolderError && e.message.includes(join(folder, 'apiDefinition.swagger.schema.json')));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
