// The Azure Blob store against Azurite (started here, on loopback, from node_modules).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore } from '../../src/storage/blob-store.js';
import { createStore } from '../../src/storage/index.js';
import { type Azurite, startAzurite } from '../helpers/azurite.js';
import { storeContract } from './contract.js';
import { raceTwoProcesses } from './processes.js';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

let n = 0;
const freshContainer = () => `kv-${process.pid}-${++n}`;

storeContract('BlobStore', () => new BlobStore(azurite.connectionString, freshContainer()));

describe('BlobStore', () => {
  it('createStore picks it when a connection string is set, and creates the container', async () => {
    const container = freshContainer();
    const store = await createStore({ dataDir: '/nonexistent', azureConnectionString: azurite.connectionString, azureContainer: container });
    expect(store.inner).toBeInstanceOf(BlobStore);
    expect(await (store.inner as BlobStore).container.exists()).toBe(true);
    await store.put('k', 1);
    expect((await store.get('k'))?.value).toBe(1);
  });

  it("tells a record's eTag without downloading it, as get has it", async () => {
    const store = new BlobStore(azurite.connectionString, freshContainer());
    expect(await store.etag('taught/phrases')).toBeUndefined();
    const etag = await store.put('taught/phrases', { phrases: [] });
    expect(await store.etag('taught/phrases')).toBe(etag);
    expect((await store.get('taught/phrases'))?.etag).toBe(etag);
  });

  it('creates the container again if it is deleted under it', async () => {
    const store = new BlobStore(azurite.connectionString, freshContainer());
    await store.put('k', 1);
    await store.container.delete();
    // Azurite deletes at once; the real service may take a while to let the name be reused.
    await store.put('k', 2);
    expect((await store.get('k'))?.value).toBe(2);
  });

  it('two processes doing 25 concurrent updates each on one key keep all 50', async () => {
    const container = freshContainer();
    const key = 'progress/19:abc@thread.tacv2';
    const attempts = await raceTwoProcesses((tag) => ({
      mode: 'updates',
      store: { kind: 'blob', connectionString: azurite.connectionString, container },
      key,
      count: 25,
      tag,
      // As two bot instances run them: each queues its own, and the two race each other.
      queue: true,
    }));
    const items = (await new BlobStore(azurite.connectionString, container).get<{ items: string[] }>(key))?.value.items ?? [];
    expect(items).toHaveLength(50);
    expect(new Set(items).size).toBe(50);
    expect(Math.max(...attempts)).toBeLessThanOrEqual(21);
  });
});
