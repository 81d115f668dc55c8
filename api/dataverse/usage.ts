/** The gateway's API usage: the port's counts, and the requests carried inside `$batch` calls for the benchmarks. */
import type { CrmUsage } from '../domain/crm.js';

export interface BatchUsage {
  /** `$batch` calls sent, retries included. */
  batchCalls: number;
  /** Requests carried inside those calls. */
  batchedRequests: number;
}

export class UsageCounter {
  private calls = 0;
  private writeCalls = 0;
  private recordsWritten = 0;
  private batchCalls = 0;
  private batchedRequests = 0;

  onRequest(write: boolean): void {
    this.calls += 1;
    if (write) this.writeCalls += 1;
  }

  onBatch(requests: number): void {
    this.batchCalls += 1;
    this.batchedRequests += requests;
  }

  addRecordsWritten(n: number): void {
    this.recordsWritten += n;
  }

  snapshot(): CrmUsage {
    return { calls: this.calls, writeCalls: this.writeCalls, recordsWritten: this.recordsWritten };
  }

  batchSnapshot(): BatchUsage {
    return { batchCalls: this.batchCalls, batchedRequests: this.batchedRequests };
  }
}
