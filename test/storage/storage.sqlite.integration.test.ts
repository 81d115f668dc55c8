import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from './harness.js';
import { describeStorageContract } from './storage-contract.js';

describe('storage on SQLite', () => {
  const root = mkdtempSync(join(tmpdir(), 'cosell-storage-'));
  let n = 0;
  const { open, backend } = createBackend(() => ({ dataDir: join(root, `place-${(n += 1)}`) }));
  after(() => { rmSync(root, { recursive: true, force: true }); });

  describeStorageContract('sqlite', open, backend);
});
