/** The CRM sync as the HTTP layer sees it: mapping, previews, audit and runs (see domain/sync-api.ts). */
export { createSyncApi } from './create-sync-api.js';
export type { SyncApiOptions, SyncEngineControl, SyncService } from './options.js';
