// Picks where records live: Azure Blob storage when an account URL (managed identity) or a connection
// string is configured (several bot instances share it), else JSON files under the data folder.
import { join } from 'node:path';
import { type GuardedStore, within, withDeadline } from './deadline.js';
import { FileStore } from './file-store.js';
import type { KeyValueStore } from './kv.js';

export { FileStore, type FileStoreOptions } from './file-store.js';
export { ConflictError, type KeyValueStore, type Stored, type PutOptions, type DeleteOptions, update } from './kv.js';

export { StoreUnavailableError, isStoreUnavailable, withDeadline, type GuardedStore } from './deadline.js';

export type StoreConfig = {
  dataDir: string;
  azureConnectionString?: string | undefined;
  /** An account URL reached with a managed identity (DefaultAzureCredential), instead of a connection string. */
  azureAccountUrl?: string | undefined;
  azureContainer: string;
  /** Every storage call gives up after this long (default 3000 ms). */
  timeoutMs?: number;
};

/** The store settings of the bot's config (src/config.ts), as createStore takes them. */
export function storeSettings(config: {
  dataDir: string;
  azureStorageConnectionString: string | undefined;
  azureStorageAccountUrl: string | undefined;
  azureStorageContainer: string;
  storeTimeoutMs: number;
}): StoreConfig {
  return {
    dataDir: config.dataDir,
    azureConnectionString: config.azureStorageConnectionString,
    azureAccountUrl: config.azureStorageAccountUrl,
    azureContainer: config.azureStorageContainer,
    timeoutMs: config.storeTimeoutMs,
  };
}

/** The store could not be opened: start-up stops with this message, which names the setting to fix. */
export class StoreSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreSetupError';
  }
}

/**
 * Opens the store and makes sure it is usable, within a bounded time: the folder created, cleaned and
 * written to (a read-only folder fails here, not on the first click), or the container created. Files go
 * to `<dataDir>/kv`. Every call on the returned store has the same time limit (see deadline.ts).
 */
export async function createStore(config: StoreConfig): Promise<GuardedStore> {
  const ms = config.timeoutMs ?? 3000;
  const blob = !!(config.azureConnectionString || config.azureAccountUrl);
  const where = config.azureAccountUrl
    ? `Azure Blob storage at AZURE_STORAGE_ACCOUNT_URL "${config.azureAccountUrl}" with the managed identity (AZURE_STORAGE_CONTAINER "${config.azureContainer}")`
    : blob
      ? `Azure Blob storage (AZURE_STORAGE_CONTAINER "${config.azureContainer}")`
      : `DATA_DIR "${config.dataDir}"`;
  // The blob client retries on its own; bounded so that its retries fit in our time limit.
  // The Azure SDK is loaded only when it is configured: a bot on files does not pay for it at start.
  const options = { retryOptions: { maxTries: 2, tryTimeoutInMs: ms, retryDelayInMs: 100, maxRetryDelayInMs: 500 } };
  const store: KeyValueStore & { init(): Promise<void> } = config.azureAccountUrl
    ? new (await import('./blob-store.js')).BlobStore(
        { url: config.azureAccountUrl, credential: new (await import('@azure/identity')).DefaultAzureCredential() },
        config.azureContainer,
        options,
      )
    : blob
      ? new (await import('./blob-store.js')).BlobStore(config.azureConnectionString!, config.azureContainer, options)
      : new FileStore(join(config.dataDir, 'kv'));
  const guarded = withDeadline(store, ms);
  try {
    // Opening may scan the folder or create the container: allow it a few calls' worth of time.
    await within(store.init(), ms * 3, 'opening');
    const etag = await guarded.put('health/probe', { checkedAt: new Date().toISOString() });
    await guarded.get('health/probe');
    void etag;
  } catch (err) {
    throw new StoreSetupError(`${where} cannot be used: ${(err as Error).message}${blob ? '' : ' (it must be a folder this process can write)'}`);
  }
  return guarded;
}
