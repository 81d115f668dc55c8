import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultSchemaFolder, findRepositoryRoot } from '../../scripts/connector-validate/connector-documents.js';

/** The repository root, found from this file whether it runs from test/ or dist/test/. */
export const repositoryRoot = findRepositoryRoot(fileURLToPath(new URL('.', import.meta.url)));
export const connectorFolder = join(repositoryRoot, 'connector');
export const schemaFolder = defaultSchemaFolder(repositoryRoot);
