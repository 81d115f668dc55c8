/** The gateway's API usage, fed by the transport hook (calls, write calls) and the collections (records written). */
import type { HttpRequest } from '@jsforce/jsforce-node';
import type { CrmUsage } from '../domain/crm.js';
import { isWriteRequest, type TransportObserver } from './transport-hook.js';

export class UsageCounter implements Pick<TransportObserver, 'onRequest'> {
  private calls = 0;
  private writeCalls = 0;
  private recordsWritten = 0;

  onRequest(request: HttpRequest): void {
    this.calls += 1;
    if (isWriteRequest(request)) this.writeCalls += 1;
  }

  addRecordsWritten(n: number): void {
    this.recordsWritten += n;
  }

  snapshot(): CrmUsage {
    return { calls: this.calls, writeCalls: this.writeCalls, recordsWritten: this.recordsWritten };
  }
}
