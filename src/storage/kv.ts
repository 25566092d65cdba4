// A small key-value port with eTags: what team progress, conversation references and bot state are kept in.
// Two implementations: files (one JSON file per key) and Azure Blob storage. Every conditional write is a
// compare-and-swap on the eTag, and `update` turns that into read-modify-write that never loses a change.
import { createHash } from 'node:crypto';

export type Stored<T> = { value: T; etag: string };

export type PutOptions = {
  /** Write only if the record exists and its eTag is this one ("*": any existing record). */
  ifMatch?: string;
  /** '*': write only if the record does not exist yet. */
  ifNoneMatch?: '*';
};

export type DeleteOptions = {
  /** Delete only if the record exists and its eTag is this one. Without it, deleting a missing key is a no-op. */
  ifMatch?: string;
};

export interface KeyValueStore {
  get<T>(key: string): Promise<Stored<T> | undefined>;
  /** Returns the new eTag. Throws ConflictError when a condition does not hold; nothing is written then. */
  put<T>(key: string, value: T, opts?: PutOptions): Promise<string>;
  delete(key: string, opts?: DeleteOptions): Promise<void>;
  /** Every key that starts with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * The record's eTag without its value (undefined: no record), where the store can tell it more cheaply
   * than `get` (Blob storage: a HEAD request). Optional: etagOf falls back to `get`.
   */
  etag?(key: string): Promise<string | undefined>;
}

/** A record's eTag, read as cheaply as the store allows; undefined when there is no record. */
export async function etagOf(store: KeyValueStore, key: string): Promise<string | undefined> {
  return store.etag ? store.etag(key) : (await store.get(key))?.etag;
}

/** An ifMatch / ifNoneMatch condition did not hold: someone else wrote first. Read again and retry. */
export class ConflictError extends Error {
  constructor(
    readonly key: string,
    message = `conflicting write to "${key}": the record changed since it was read`,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export type UpdateOptions = {
  /** How many times to retry after a conflict (default 20). */
  retries?: number;
  /** Upper bound of the first backoff in ms (default 5); it doubles on each retry up to maxDelayMs (default 1000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Queue updates of the same key on the same store object in this process (default true): fifty clicks
   * reaching one bot instance then cost fifty reads and writes, not a storm of conflicts. Updates from
   * other processes or other store objects still meet as conflicts and are retried.
   */
  queue?: boolean;
};

/**
 * Read-modify-write with optimistic concurrency: read the record, apply `fn`, write with ifMatch (or
 * ifNoneMatch '*' when absent), and on a conflict wait a short random while and do it all again.
 * `fn` may run several times, so it must be a pure function of `current`. Returns what was written.
 */
export async function update<T>(
  store: KeyValueStore,
  key: string,
  fn: (current: T | undefined) => T,
  { retries = 20, baseDelayMs = 5, maxDelayMs = 1000, queue = true }: UpdateOptions = {},
): Promise<T> {
  const attempt = async () => {
    for (let n = 0; ; n++) {
      const current = await store.get<T>(key);
      const next = fn(current?.value);
      try {
        await store.put(key, next, current ? { ifMatch: current.etag } : { ifNoneMatch: '*' });
        return next;
      } catch (e) {
        if (!(e instanceof ConflictError) || n >= retries) throw e;
      }
      // "Full jitter" exponential backoff: contenders spread out quickly instead of colliding in lockstep.
      const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  };
  if (!queue) return attempt();
  let queues = updateQueues.get(store);
  if (!queues) updateQueues.set(store, (queues = new KeyedQueue()));
  return queues.run(key, attempt);
}

const updateQueues = new WeakMap<KeyValueStore, KeyedQueue>();

/** Runs tasks with the same id one after another, in call order; different ids run freely. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<R>(id: string, task: () => Promise<R>): Promise<R> {
    const prev = this.tails.get(id) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => (done = r));
    const tail = prev.then(() => mine);
    this.tails.set(id, tail);
    await prev;
    try {
      return await task();
    } finally {
      done();
      if (this.tails.get(id) === tail) this.tails.delete(id);
    }
  }
}

// ---- Keys as names -------------------------------------------------------------------------------------
// Keys are arbitrary strings (Teams conversation ids hold ':' ';' '@' '=' '.', personal ones mixed case).
// A name keeps [a-z0-9_-] and writes every other UTF-8 byte as ~XX (upper-case hex). That is safe as a file
// name on any OS (no '.', '/', '\', ':', no hidden or "." names, and one spelling per key even on a
// case-insensitive file system, because letters A-F only ever appear right after '~'), safe as a blob name
// (no '.', '/' and nothing URL-reserved), reversible, and prefix-preserving: encode(a + b) starts with
// encode(a). Names longer than the limit keep their start and end in "~~" plus a hash of the whole key;
// the stores keep the key beside the value so such names can be listed.

const SAFE = /^[a-z0-9_-]$/;
const HASHED = '~~';
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
const encoder = new TextEncoder();

/** Longest key, in UTF-16 code units (a Teams conversation id is about 100-200). */
export const MAX_KEY_LENGTH = 1024;

export function assertKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('a storage key must be a non-empty string');
  if (key.length > MAX_KEY_LENGTH) throw new TypeError(`a storage key must have at most ${MAX_KEY_LENGTH} characters (got ${key.length})`);
  if (!isWellFormed(key)) throw new TypeError('a storage key must be well-formed Unicode (no lone surrogates)');
}

/** Unicode-safe check (String.prototype.isWellFormed is ES2024). */
function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function rawEncode(key: string): string {
  let out = '';
  for (const ch of key) {
    if (SAFE.test(ch)) out += ch;
    else for (const b of encoder.encode(ch)) out += `~${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function encodeKey(key: string): string {
  const out = rawEncode(key);
  // Windows refuses CON, NUL, COM1 ... as file names even with an extension: escape their first letter.
  return WINDOWS_DEVICE.test(out) ? `~${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}` : out;
}

/** Inverse of encodeKey; undefined for a name encodeKey cannot have produced (or a hashed one). */
export function decodeKey(name: string): string | undefined {
  if (!/^(?:[a-z0-9_-]|~[0-9A-F]{2})+$/.test(name)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < name.length;) {
    if (name[i] === '~') {
      bytes.push(parseInt(name.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(name.charCodeAt(i));
      i += 1;
    }
  }
  try {
    const key = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
    return encodeKey(key) === name ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The storage name of a key: encodeKey, or for long keys a shortened name that ends in "~~<hash>". */
export function keyToName(key: string, maxLength: number): { name: string; hashed: boolean } {
  assertKey(key);
  const full = encodeKey(key);
  if (full.length <= maxLength) return { name: full, hashed: false };
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 32);
  let keep = maxLength - HASHED.length - hash.length;
  // Do not cut an escape in half (the name must stay readable and prefix-comparable).
  while (keep > 0 && (full[keep - 1] === '~' || full[keep - 2] === '~')) keep--;
  return { name: `${full.slice(0, Math.max(0, keep))}${HASHED}${hash}`, hashed: true };
}

export const isHashedName = (name: string) => name.includes(HASHED);

/**
 * A string that the name of every key starting with `prefix` starts with (hashed names included), for a
 * server-side or directory pre-filter. Callers still check the decoded keys.
 */
export function namePrefix(prefix: string, maxLength: number): string {
  if (prefix === '' || !isWellFormed(prefix)) return '';
  const raw = rawEncode(prefix);
  // "con" is stored as "~63on" but "console" as "console": a prefix as short as a device name has no
  // common start to rely on.
  if (raw.length <= 4) return '';
  // A hashed name keeps at least maxLength - 36 characters of the key's encoding.
  return raw.slice(0, Math.max(0, maxLength - HASHED.length - 32 - 2));
}
