/**
 * Server-side query cursors behind `nextRecordsUrl`. A query's rows are snapshotted when it runs
 * (as Salesforce's cursors are); each page is 2,000 rows unless `Sforce-Query-Options: batchSize`
 * asks for fewer (200–2,000). Locators look like Salesforce's, `01g…-2000`: a cursor Id and the
 * offset of the next row. Idle cursors expire after 15 minutes; each user keeps at most 10.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../api/domain/clock.js';
import { SalesforceError } from '../errors.js';
import { to18 } from '../ids.js';
import type { OutputRecord } from './project.js';

export const DEFAULT_BATCH_SIZE = 2000;
const IDLE_MS = 15 * 60 * 1000;
const MAX_OPEN_PER_USER = 10;

interface Cursor { id: string; userId: string; rows: OutputRecord[]; batchSize: number; touchedAt: number }

export interface Page { records: OutputRecord[]; totalSize: number; done: boolean; locator?: string }

export class QueryCursors {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly clock: Clock) {}

  /** The first page; opens a cursor when more rows remain. */
  open(userId: string, rows: OutputRecord[], batchSize: number, totalSize = rows.length): Page {
    if (rows.length <= batchSize) return { records: rows, totalSize, done: true };
    this.sweep(userId);
    const id = to18(`01g5g${randomBytes(8).toString('hex').slice(0, 10)}`);
    this.cursors.set(id, { id, userId, rows, batchSize, touchedAt: this.clock().getTime() });
    return { records: rows.slice(0, batchSize), totalSize, done: false, locator: `${id}-${batchSize}` };
  }

  /** The page at a locator; the cursor closes after its last page. */
  next(userId: string, locator: string): Page {
    const match = /^([A-Za-z0-9]{18})-(\d+)$/.exec(locator);
    const cursor = match ? this.cursors.get(match[1]!) : undefined;
    const now = this.clock().getTime();
    if (!match || !cursor || cursor.userId !== userId || now - cursor.touchedAt > IDLE_MS) {
      if (cursor && now - cursor.touchedAt > IDLE_MS) this.cursors.delete(cursor.id);
      throw new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    const from = Number(match[2]);
    const to = from + cursor.batchSize;
    cursor.touchedAt = now;
    const records = cursor.rows.slice(from, to);
    if (to >= cursor.rows.length) {
      this.cursors.delete(cursor.id);
      return { records, totalSize: cursor.rows.length, done: true };
    }
    return { records, totalSize: cursor.rows.length, done: false, locator: `${cursor.id}-${to}` };
  }

  private sweep(userId: string): void {
    const now = this.clock().getTime();
    for (const [id, c] of this.cursors) if (now - c.touchedAt > IDLE_MS) this.cursors.delete(id);
    const mine = [...this.cursors.values()].filter((c) => c.userId === userId).sort((a, b) => a.touchedAt - b.touchedAt);
    while (mine.length >= MAX_OPEN_PER_USER) this.cursors.delete(mine.shift()!.id);
  }
}
