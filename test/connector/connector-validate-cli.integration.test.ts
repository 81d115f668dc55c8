import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectorFolder, repositoryRoot } from './repository.js';

const cli = join(repositoryRoot, 'dist', 'scripts', 'connector-validate.js');
const run = (...args: string[]): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('npm run connector:validate', () => {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'connector-'));
    for (const file of ['apiDefinition.swagger.json', 'apiProperties.json', 'readme.md']) copyFileSync(join(connectorFolder, file), join(folder, file));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 0 for the connector folder', () => {
    const result = run();
    assert.equal(result.status, 0, String(result.stderr));
  });

  it('exits 1 and names each finding with its JSONPath', () => {
    const swagger = JSON.parse(readFileSync(join(folder, 'apiDefinition.swagger.json'), 'utf8')) as { info: { title: string } };
    swagger.info.title = 'Cosell Referrals API';
    writeFileSync(join(folder, 'apiDefinition.swagger.json'), JSON.stringify(swagger));
    const result = run('--connector', folder);
    assert.equal(result.status, 1);
    assert.match(String(result.stderr), /apiDefinition\.swagger\.json \$\.info\.title \[ValueContainsRestrictedWords\]/);
    assert.match(String(result.stderr), /readme\.md line 1 \[ReadmeTitleMismatch\]/);
  });

  it('exits 1 when a connector file is missing', () => {
    rmSync(join(folder, 'readme.md'));
    const result = run('--connector', folder);
    assert.equal(result.status, 1);
    assert.match(String(result.stderr), /readme\.md \$ \[ConnectorFileUnreadable\]/);
  });

  it('exits 2 and names the folder when the JSON Schemas are missing', () => {
    const missing = join(folder, 'no-schemas');
    const result = run('--connector', folder, '--schemas', missing);
    assert.equal(result.status, 2);
    assert.ok(String(result.stderr).includes(`JSON Schema folder ${missing} does not exist`), String(result.stderr));
  });
});
