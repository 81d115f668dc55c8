import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFolder } from './repository.js';

// The schemas are verbatim copies of microsoft/PowerPlatformConnectors files; SOURCES.md records their hashes.
describe('vendored PowerPlatformConnectors schemas', () => {
  const sources = readFileSync(join(schemaFolder, 'SOURCES.md'), 'utf8');
  const rows = [...sources.matchAll(/^\| `([^`]+\.json)` \|.*\| `([0-9a-f]{64})` \|$/gm)];

  it('lists both schemas in SOURCES.md', () => {
    assert.deepEqual(rows.map((r) => r[1]).sort(), ['apiDefinition.swagger.schema.json', 'paconn-apiProperties.schema.json']);
  });

  it('are byte-identical to the upstream files', () => {
    for (const [, file = '', sha256] of rows) {
      assert.equal(createHash('sha256').update(readFileSync(join(schemaFolder, file))).digest('hex'), sha256, file);
    }
  });
});
