import { postgresUnreachable } from '../../../api/storage/postgres/reachability.js';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from '../../../api/storage/index.js';
import type { Storage } from '../../../api/storage/types.js';

/** Where a test's store lives, so a child process can open the very same one. */
export interface StorageLocation {
  dataDir: string;
  databaseUrl?: string;
  schema?: string;
}

export interface TestStore {
  storage: Storage;
  location: StorageLocation;
  /** Closes it and removes the file or drops the schema. */
  dispose(): Promise<void>;
}

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty, migrated store. */
  create(): Promise<TestStore>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function openAt(location: StorageLocation): Promise<Storage> {
  return openStorage({ dataDir: location.dataDir, databaseUrl: location.databaseUrl, schema: location.schema, poolMax: 5 });
}

function postgresReachable(): Promise<string | undefined> {
  return postgresUnreachable(TEST_DATABASE_URL);
}

const sqlite: Backend = {
  name: 'sqlite',
  async create() {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pipeline-test-'));
    const location = { dataDir };
    const storage = await openAt(location);
    return { storage, location, dispose: async () => { await storage.close(); await rm(dataDir, { recursive: true, force: true }); } };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async create() {
    // A throwaway schema per store: tests never see each other's rows, and dropping it cleans up.
    const schema = `pipeline_test_${randomBytes(6).toString('hex')}`;
    const location = { dataDir: os.tmpdir(), databaseUrl: TEST_DATABASE_URL, schema };
    const storage = await openAt(location);
    return {
      storage,
      location,
      dispose: async () => {
        await storage.close();
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        try { await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); } finally { await client.end(); }
      },
    };
  },
};

export const BACKENDS: readonly Backend[] = [sqlite, postgres];

/**
 * Declares the suite once per backend. Without PostgreSQL the postgres copy is skipped, visibly
 * (mocha lists it as pending with the reason); under CI=true it fails instead, so CI cannot go green
 * without having run it.
 */
export function forEachBackend(title: string, suite: (backend: Backend) => void): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend.name}]`, function () {
      if (backend.name === 'postgres') {
        before(async function () {
          const problem = await postgresReachable();
          if (problem === undefined) return;
          if (process.env.CI === 'true') throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is unreachable under CI: ${problem}`);
          this.test!.parent!.title += ` (skipped: PostgreSQL unreachable: ${problem})`;
          this.skip();
        });
      }
      suite(backend);
    });
  }
}
