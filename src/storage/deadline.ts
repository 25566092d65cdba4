// A time limit on every storage call. A store that is down or stalled must cost a turn a few seconds and
// an honest "I can't reach my storage", not half a minute of silence: without a limit, a stalled disk or
// a blob service that accepts connections and never answers holds every turn that touches state.
import { ConflictError, type DeleteOptions, type KeyValueStore, type PutOptions, type Stored, etagOf } from './kv.js';

/** The store did not answer in time, or failed for a reason other than a conflicting write. */
export class StoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export const isStoreUnavailable = (err: unknown): err is StoreUnavailableError =>
  err instanceof StoreUnavailableError || (err as Error | undefined)?.name === 'StoreUnavailableError';

/** Settles with `work`, or rejects with StoreUnavailableError once `ms` have passed. */
export async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(`storage did not answer within ${ms} ms (${what})`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } catch (err) {
    if (err instanceof ConflictError || isStoreUnavailable(err) || err instanceof TypeError) throw err;
    throw new StoreUnavailableError(`storage failed (${what}): ${(err as Error)?.message ?? String(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

export type GuardedStore = KeyValueStore & {
  /** The store behind the time limit. */
  readonly inner: KeyValueStore;
  /** Reads a record that need not exist, to tell whether the store answers; true when it does. */
  probe(): Promise<boolean>;
  /** What the last call found: the store answering, or the reason it did not. */
  readonly status: { ok: boolean; since: string; problem?: string };
};

/**
 * The same store with a time limit on every call. Conflicts (someone else wrote first) pass through as
 * they are; any other failure, and a call past the limit, becomes StoreUnavailableError.
 */
export function withDeadline(store: KeyValueStore, ms: number): GuardedStore {
  let status: GuardedStore['status'] = { ok: true, since: new Date().toISOString() };
  const track = async <T>(work: () => Promise<T>, what: string): Promise<T> => {
    try {
      const result = await within(work(), ms, what);
      if (!status.ok) status = { ok: true, since: new Date().toISOString() };
      return result;
    } catch (err) {
      if (isStoreUnavailable(err)) {
        if (status.ok) status = { ok: false, since: new Date().toISOString(), problem: err.message };
        else status = { ...status, problem: err.message };
      }
      throw err;
    }
  };
  return {
    inner: store,
    get: <T>(key: string) => track<Stored<T> | undefined>(() => store.get<T>(key), 'read'),
    put: <T>(key: string, value: T, opts?: PutOptions) => track(() => store.put(key, value, opts), 'write'),
    delete: (key: string, opts?: DeleteOptions) => track(() => store.delete(key, opts), 'delete'),
    list: (prefix: string) => track(() => store.list(prefix), 'list'),
    etag: (key: string) => track(() => etagOf(store, key), 'read'),
    probe: async () => {
      try {
        await track(() => store.get('health/probe'), 'probe');
        return true;
      } catch {
        return false;
      }
    },
    get status() {
      return status;
    },
  };
}
