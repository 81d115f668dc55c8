// Checks that connector/ is a complete, importable Power Automate custom connector: both files
// against the PowerPlatformConnectors JSON Schemas, then the certification rules. Prints every
// finding with its file and JSONPath and exits 1 if there is any. The schemas are read from
// ../shared/schemas beside the repository unless --schemas names another folder.
//
//   npm run connector:validate [-- --connector <folder>] [-- --schemas <folder>]
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultSchemaFolder, findRepositoryRoot, loadConnector, loadSchemas, SchemaFolderError } from './connector-validate/connector-documents.js';
import { formatFinding, type Finding } from './connector-validate/finding.js';
import { connectorRules } from './connector-validate/rules/index.js';
import { validateConnector } from './connector-validate/validate-connector.js';

function report(findings: readonly Finding[]): void {
  for (const f of findings) console.error(formatFinding(f));
  console.error(`\n${findings.length} finding${findings.length === 1 ? '' : 's'}.`);
  process.exitCode = 1;
}

function main(): void {
  const { values } = parseArgs({ options: { connector: { type: 'string' }, schemas: { type: 'string' } } });
  const root = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
  const connectorFolder = values.connector ?? join(root, 'connector');
  const schemaFolder = values.schemas ?? defaultSchemaFolder(root);

  const loaded = loadConnector(connectorFolder);
  if (!loaded.ok) {
    report(loaded.findings);
    return;
  }
  const findings = validateConnector(loaded.value, loadSchemas(schemaFolder));
  if (findings.length > 0) {
    report(findings);
    return;
  }
  console.log(`${connectorFolder}: valid (2 JSON Schemas and ${connectorRules.length} certification rules).`);
}

try {
  main();
} catch (error) {
  if (error instanceof SchemaFolderError) console.error(error.message);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
}
