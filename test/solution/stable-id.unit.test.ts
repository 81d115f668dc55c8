import assert from 'node:assert/strict';
import { solutionVersion } from '../../solution/solution-version.js';
import { uuidV5 } from '../../solution/stable-id.js';

describe('solution ids and versions', () => {
  it('derives RFC 4122 version 5 UUIDs (the RFC\'s DNS example)', () => {
    assert.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives different flows different ids and the same flow the same id', () => {
    assert.equal(uuidV5('S/workflow/A'), uuidV5('S/workflow/A'));
    assert.notEqual(uuidV5('S/workflow/A'), uuidV5('T/workflow/A'));
  });

  it('turns semver into a four-part solution version and refuses anything else', () => {
    assert.equal(solutionVersion('0.1.0'), '0.1.0.0');
    assert.equal(solutionVersion('2.3.4-rc.1'), '2.3.4.0');
    assert.throws(() => solutionVersion('1.2'), /not semver/);
  });
});
