// Picks where records live: Azure Blob storage when a connection string is configured (several bot
// instances share it), else JSON files under the data folder.
import { join } from 'node:path';
import { BlobStore } from './blob-store.js';
import { FileStore } from './file-store.js';
import type { KeyValueStore } from './kv.js';

export { BlobStore } from './blob-store.js';
export { FileStore, type FileStoreOptions } from './file-store.js';
export { ConflictError, type KeyValueStore, type Stored, type PutOptions, type DeleteOptions, update } from './kv.js';

export type StoreConfig = {
  dataDir: string;
  azureConnectionString?: string | undefined;
  azureContainer: string;
};

/**
 * Opens the store and makes sure it is usable (folder created and cleaned, or container created), so a
 * wrong connection string fails at startup rather than on the first click. Files go to `<dataDir>/kv`.
 */
export async function createStore(config: StoreConfig): Promise<KeyValueStore> {
  if (config.azureConnectionString) {
    const store = new BlobStore(config.azureConnectionString, config.azureContainer);
    await store.init();
    return store;
  }
  const store = new FileStore(join(config.dataDir, 'kv'));
  await store.init();
  return store;
}
