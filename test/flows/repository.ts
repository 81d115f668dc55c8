import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepositoryRoot } from '../../scripts/connector-validate/connector-documents.js';
import { indexConnector, type ConnectorIndex } from '../../solution/flow-lint/connector-operations.js';
import type { Crm } from '../../solution/documented-flows.js';

/** The repository root, whether the tests run from test/ or dist/test/. */
export const repositoryRoot = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
export const flowsRoot = join(repositoryRoot, 'flows');

export function connectorIndex(): ConnectorIndex {
  return indexConnector(JSON.parse(readFileSync(join(repositoryRoot, 'connector', 'apiDefinition.swagger.json'), 'utf8')));
}

/** A fresh, mutable copy of one of the repository's flow files. */
export function flowCopy(crm: Crm, file: string): any {
  return JSON.parse(readFileSync(join(flowsRoot, crm, file), 'utf8'));
}
