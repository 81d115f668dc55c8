/** One Web API call, whether it came over HTTP or as a part of a $batch. */
import type { EntityCatalog } from '../schema/catalog.js';
import type { RecordStore } from '../store/record-store.js';

export interface ApiRequest {
  method: string;
  /** Below the API root, e.g. `opportunities(…)`; percent-decoded. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  body?: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface Environment {
  catalog: EntityCatalog;
  store: RecordStore;
  /** Absolute URL of the API root for this request's version, e.g. `http://…/sandbox/dataverse/api/data/v9.2`. */
  apiBase: string;
  organizationId: string;
  businessUnitId: string;
}

export interface CallContext {
  userId: string;
  /** Content-ID → entity URL (`opportunities(<guid>)`) of rows created earlier in the change set. */
  contentIds: Map<string, string>;
}
