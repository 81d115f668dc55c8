import assert from 'node:assert/strict';
import { checkManifest } from '../../solution/flow-lint/check-manifest.js';
import { loadSolutionFlows, parseManifest, FlowSourceError } from '../../solution/flow-sources.js';
import { flowsRoot } from './repository.js';

// The manifest is the turn-on order the README and the turn-on command follow.

function shipped(): { manifest: any; files: string[] } {
  const { manifest, filesInFolder } = loadSolutionFlows(flowsRoot, 'salesforce');
  return { manifest: structuredClone(manifest), files: [...filesInFolder] };
}

function messages(manifest: any, files: string[]): string {
  return checkManifest(manifest, files, 'salesforce').map((f) => f.message).join('\n');
}

describe('flow checks: manifest', () => {
  it('accepts the shipped manifest', () => {
    const { manifest, files } = shipped();
    assert.equal(messages(manifest, files), '');
  });

  it('rejects flows out of the documented order', () => {
    const { manifest, files } = shipped();
    [manifest.flows[1], manifest.flows[2]] = [manifest.flows[2], manifest.flows[1]];
    assert.match(messages(manifest, files), /names and order must be the documented ones/);
  });

  it('rejects order numbers that do not count 1..n', () => {
    const { manifest, files } = shipped();
    manifest.flows[3].order = 7;
    assert.match(messages(manifest, files), /is 7, expected 4/);
  });

  it('rejects a flow file the manifest does not name, and one it names twice', () => {
    const { manifest, files } = shipped();
    assert.match(messages(manifest, [...files, 'extra-flow.json']), /extra-flow\.json is in the folder but not in the manifest/);
    manifest.flows[6].file = manifest.flows[5].file;
    assert.match(messages(manifest, files), /is listed 2 times/);
  });

  it('rejects a renamed flow', () => {
    const { manifest, files } = shipped();
    manifest.flows[0].name = 'Partner Center Webhook Registration (Insider Preview)';
    assert.match(messages(manifest, files), /Not documented: Partner Center Webhook Registration \(Insider Preview\)/);
  });

  it('refuses a malformed manifest, naming the field', () => {
    assert.throws(() => parseManifest({ crm: 'salesforce', solution: { uniqueName: 'A', displayName: 'B', description: 'C' }, flows: [{ order: 1, name: 'x' }] }, 'manifest.json'),
      (e: unknown) => e instanceof FlowSourceError && e.message.includes('manifest.json.flows[0].file'));
  });
});
