import pg from 'pg';

/** Why PostgreSQL at `url` cannot be used, or undefined when it answers (a quick check before a long run). */
export async function postgresUnreachable(url: string, timeoutMs = 3_000): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}
