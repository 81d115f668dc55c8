import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const SQLITE_FILE_NAME = 'cosell.db';

/** How long a writer waits for another process's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * One better-sqlite3 connection per process. better-sqlite3 is synchronous: each call runs to the
 * end on the event loop, so within a process nothing interleaves; across processes, writers are
 * serialized by SQLite's lock and every multi-statement change runs in `BEGIN IMMEDIATE` (the write
 * lock taken up front, so two processes never read the same due rows and then both write).
 */
export class SqliteConnection {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly dataDir: string) {
    // Owner-only: the file holds subscription signing secrets.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.db = new Database(join(dataDir, SQLITE_FILE_NAME), { timeout: BUSY_TIMEOUT_MS });
    // WAL: readers never block the writer. synchronous=FULL: the WAL is fsynced at every commit, so an
    // accepted event survives a killed process and a power cut (NORMAL would risk the last commits).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
  }

  /** Prepared once, lazily: tables exist only after migrate(). */
  statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /** Runs `fn` in a `BEGIN IMMEDIATE` transaction; rolls back when it throws. */
  immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    this.statements.clear();
    this.db.close();
  }
}

/** The contract is async and better-sqlite3 is not: errors become rejections, never synchronous throws. */
export function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
