import { openStorage, type OpenStorageOptions } from '../../api/storage/index.js';
import { PostgresStorage } from '../../api/storage/postgres/postgres-storage.js';
import { SqliteStorage } from '../../api/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../api/storage/types.js';

/** What the contract suite needs from a backend beyond `open`: places, to open a second instance or a child process on the same data. */
export interface StorageBackend {
  /** openStorage options for a new, empty place (a temp directory, a throwaway schema). */
  freshPlace(): OpenStorageOptions;
  /** The options that reach the same data as `storage`. */
  placeOf(storage: Storage): OpenStorageOptions;
  /** Opens (and migrates) a storage at `place`, remembering where it is. */
  openAt(place: OpenStorageOptions): Promise<Storage>;
  /** Migration versions recorded as applied. */
  appliedMigrations(storage: Storage): Promise<number[]>;
}

export function createBackend(freshPlace: () => OpenStorageOptions): { open: () => Promise<Storage>; backend: StorageBackend } {
  const places = new WeakMap<Storage, OpenStorageOptions>();
  const openAt = async (place: OpenStorageOptions) => {
    const storage = await openStorage(place);
    places.set(storage, place);
    return storage;
  };
  const backend: StorageBackend = {
    freshPlace,
    openAt,
    placeOf(storage) {
      const place = places.get(storage);
      if (!place) throw new Error('storage was not opened by this backend');
      return place;
    },
    appliedMigrations(storage) {
      if (storage instanceof SqliteStorage || storage instanceof PostgresStorage) return storage.appliedMigrations();
      throw new Error(`unknown storage ${storage.kind}`);
    },
  };
  return { open: () => openAt(freshPlace()), backend };
}
