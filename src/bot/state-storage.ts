// botbuilder's Storage (dialog and user state) on our key-value port, so bot state lives wherever team
// progress lives: files locally, Azure Blob storage when scaled out. eTags keep botbuilder's semantics:
// "*" writes unconditionally, any other eTag must match or the write fails.
import type { Storage, StoreItems } from 'botbuilder';
import { type KeyValueStore } from '../storage/kv.js';

const PREFIX = 'state/';

export function stateStorage(store: KeyValueStore): Storage {
  return {
    async read(keys: string[]): Promise<StoreItems> {
      const items: StoreItems = {};
      await Promise.all(
        keys.map(async (k) => {
          const hit = await store.get<Record<string, unknown>>(PREFIX + k);
          if (hit) items[k] = { ...hit.value, eTag: hit.etag };
        }),
      );
      return items;
    },
    async write(changes: StoreItems): Promise<void> {
      await Promise.all(
        Object.entries(changes).map(async ([k, item]) => {
          const { eTag, ...value } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
          await store.put(PREFIX + k, value, eTag && eTag !== '*' ? { ifMatch: eTag } : {});
        }),
      );
    },
    async delete(keys: string[]): Promise<void> {
      await Promise.all(keys.map((k) => store.delete(PREFIX + k)));
    },
  };
}
