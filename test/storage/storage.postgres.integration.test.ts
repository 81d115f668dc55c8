import { postgresUnreachable } from '../../api/storage/postgres/reachability.js';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createBackend } from './harness.js';
import { describeStorageContract } from './storage-contract.js';

const DATABASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const unreachable = postgresUnreachable;

/** Each test gets a throwaway schema; all are dropped at the end. */
describe('storage on PostgreSQL', function () {
  const schemas: string[] = [];
  const { open, backend } = createBackend(() => {
    const schema = `cosell_test_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return { databaseUrl: DATABASE_URL, dataDir: '/nonexistent-unused', schema };
  });

  before(async function () {
    const reason = await unreachable(DATABASE_URL);
    if (reason === undefined) return;
    const where = DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@');
    if (process.env['CI'] === 'true') {
      throw new Error(`PostgreSQL is unreachable at ${where} (${reason}). CI=true, so the PostgreSQL storage tests fail instead of skipping: start PostgreSQL or set TEST_DATABASE_URL.`);
    }
    console.warn(`\n  ⚠ PostgreSQL storage tests SKIPPED: ${where} is unreachable (${reason}). Start PostgreSQL or set TEST_DATABASE_URL; with CI=true this fails.\n`);
    this.skip();
  });

  after(async () => {
    if (schemas.length === 0 || (await unreachable(DATABASE_URL)) !== undefined) return;
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  describeStorageContract('postgres', open, backend);
});
