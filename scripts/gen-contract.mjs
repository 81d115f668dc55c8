// Derives everything the code needs from the one contract, connector/apiDefinition.swagger.json:
// OpenAPI 3 (served at /openapi.json and used by ajv) and TypeScript types (openapi-typescript).
// Output goes to api/generated/, which is rebuilt on every build and never edited by hand.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import converter from 'swagger2openapi';
import openapiTS, { astToString } from 'openapi-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'api', 'generated');
const swagger = JSON.parse(readFileSync(join(root, 'connector', 'apiDefinition.swagger.json'), 'utf8'));

const { openapi } = await converter.convertObj(structuredClone(swagger), { patch: false, warnOnly: false, direct: false });
// Served to REST users: point at whichever host serves it rather than the connector's placeholder host.
openapi.servers = [{ url: '/' }];
// swagger2openapi shares a body used by several operations as components/requestBodies; inline them so
// each operation carries its own body schema (the validators and the types read it from there).
const shared = openapi.components?.requestBodies ?? {};
for (const item of Object.values(openapi.paths)) {
  for (const op of Object.values(item)) {
    const ref = op?.requestBody?.$ref;
    if (typeof ref === 'string') op.requestBody = structuredClone(shared[ref.split('/').pop()]);
  }
}
delete openapi.components.requestBodies;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'openapi.json'), JSON.stringify(openapi, null, 2) + '\n');
writeFileSync(join(out, 'swagger.json'), JSON.stringify(swagger, null, 2) + '\n');
const ast = await openapiTS(openapi, { exportType: false, alphabetize: false });
writeFileSync(join(out, 'contract.ts'), '/* Generated from connector/apiDefinition.swagger.json by scripts/gen-contract.mjs. Do not edit. */\n' + astToString(ast));
console.log(`contract: ${Object.keys(openapi.paths).length} paths → api/generated/{openapi.json,swagger.json,contract.ts}`);
