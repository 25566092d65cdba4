// The key-value port on a local folder: one JSON file per key, for a single bot instance (or several
// processes on one machine sharing the folder).
//
// Files in the folder (a key's name never contains '.', see kv.ts):
//   <name>.json                  {"key": ..., "etag": ..., "value": ...}
//   <name>.lock                  held while a write to that key is being decided and made
//   <name>.lock.break-<id>       held while a dead owner's lock is being removed
//   .tmp-<host>-<pid>-<uuid>     a write in progress
//
// Durability: a write goes to a temp file in the same folder, is fsynced, renamed over the target and the
// folder is fsynced, so after a crash (kill -9, power loss) a record holds either its old or its new
// content, never a torn mix. Reads take no lock: rename is atomic, so a reader sees one whole version.
//
// Concurrency: a conditional write reads the current record, checks the condition and replaces it while
// holding the key's lock, in two layers: an in-process queue per file (so one process never races
// itself and never polls its own lock), and an exclusive lock file for other processes (written to a temp
// file and hard-linked into place, which fails if the lock exists; open(path, 'wx') where links are not
// supported). A lock whose owner died is removed: on the same host (and pid namespace) as soon as its pid
// is gone, otherwise after staleLockMs. Removal is itself guarded by an exclusive marker named after the
// dead lock's token, so two processes breaking the same dead lock cannot remove a fresh lock taken by a
// third one in between.
import { existsSync, readFileSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { type FileHandle, link, mkdir, open, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import {
  ConflictError,
  type DeleteOptions,
  KeyedQueue,
  type KeyValueStore,
  type PutOptions,
  type Stored,
  decodeKey,
  isHashedName,
  keyToName,
  namePrefix,
} from './kv.js';

/** Longest encoded key kept as is; with ".lock.break-<uuid>" a name stays well under 255 bytes. */
const MAX_NAME = 150;
const TMP_PREFIX = '.tmp-';

export type FileStoreOptions = {
  /** fsync files and the folder on every write (default true). Off only for throwaway data. */
  durable?: boolean;
  /** Give up waiting for a key's lock after this long (default 30 s). */
  lockTimeoutMs?: number;
  /** A lock (or temp file) older than this is taken as abandoned even if its owner seems alive (default 30 s). */
  staleLockMs?: number;
};

type Envelope = { key: string; etag: string; value: unknown };
type Owner = { token: string; host: string; pid: number; time: number };

/** This machine and pid namespace: pids are only comparable within it. Exported for tests. */
export const LOCK_HOST = (() => {
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return createHash('sha256').update(`${hostname()}\n${ns}`).digest('hex').slice(0, 12);
})();
const HOST = LOCK_HOST;

// Shared by every FileStore in this process, so two stores on one folder still queue per file.
const queues = new KeyedQueue();
/** Tokens of the locks and break markers this process holds right now. */
const heldTokens = new Set<string>();
/** Temp files this process is writing right now (a store's cleanup must not remove another store's). */
const inflightTemps = new Set<string>();

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
const ignoreMissing = (e: unknown) => {
  if (errno(e) !== 'ENOENT') throw e;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

function parseEnvelope(text: string, file: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`storage: ${file} is not valid JSON`);
  }
  const e = parsed as Partial<Envelope> | null;
  if (!e || typeof e !== 'object' || typeof e.key !== 'string' || typeof e.etag !== 'string' || !('value' in e)) {
    throw new Error(`storage: ${file} is not a stored record`);
  }
  return e as Envelope;
}

function parseOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    if (typeof o.token === 'string' && /^[0-9a-f-]{36}$/.test(o.token) && typeof o.host === 'string' && typeof o.pid === 'number') {
      return { token: o.token, host: o.host, pid: o.pid, time: Number(o.time) || 0 };
    }
  } catch {
    // Empty or half-written: its creator died right after creating it, or is writing it now.
  }
  return undefined;
}

export class FileStore implements KeyValueStore {
  readonly dir: string;
  private readonly durable: boolean;
  private readonly lockTimeoutMs: number;
  private readonly staleLockMs: number;
  private ready: Promise<void> | undefined;
  /** Set once init() has finished, so a read (every turn reads state) skips awaiting it. */
  private initialised = false;
  /** Recent keys and their file names: a state key is hashed (sha256) into its name on every turn otherwise. */
  private readonly names = new LRUCache<string, string>({ max: 1000 });
  /** Whether this folder's file system supports hard links (see createExclusive). */
  private readonly caps = { link: true };

  constructor(dir: string, opts: FileStoreOptions = {}) {
    this.dir = resolve(dir);
    this.durable = opts.durable ?? true;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 30_000;
    this.staleLockMs = opts.staleLockMs ?? 30_000;
  }

  /** Creates the folder and removes what a crashed writer left behind. Every operation awaits it. */
  init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true });
      await this.cleanup();
      this.initialised = true;
    })().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  /** The file name of a key (without ".json"), remembered for recent keys. */
  private nameOf(key: string): string {
    let name = this.names.get(key);
    if (name === undefined) this.names.set(key, (name = keyToName(key, MAX_NAME).name));
    return name;
  }

  async get<T>(key: string): Promise<Stored<T> | undefined> {
    const name = this.nameOf(key);
    if (!this.initialised) await this.init();
    const found = this.read(name, key);
    return found && { value: found.value as T, etag: found.etag };
  }

  async put<T>(key: string, value: T, opts: PutOptions = {}): Promise<string> {
    const name = this.nameOf(key);
    if (opts.ifMatch !== undefined && opts.ifNoneMatch !== undefined) throw new TypeError('put: give ifMatch or ifNoneMatch, not both');
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`put: the value for "${key}" cannot be stored as JSON`);
    await this.init();
    return this.withLock(name, async () => {
      const current = this.read(name, key);
      if (opts.ifNoneMatch === '*' && current) throw new ConflictError(key, `"${key}" already exists`);
      if (opts.ifMatch !== undefined && !(current && (opts.ifMatch === '*' || opts.ifMatch === current.etag))) throw new ConflictError(key);
      // A version counter for people reading the files, and a random part so that a key deleted and
      // written again never repeats an old eTag.
      const version = (Number.parseInt(current?.etag ?? '0', 10) || 0) + 1;
      const etag = `${version}-${randomBytes(6).toString('hex')}`;
      await this.writeAtomic(`${name}.json`, `{"key":${JSON.stringify(key)},"etag":"${etag}","value":${json}}\n`);
      return etag;
    });
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<void> {
    const name = this.nameOf(key);
    await this.init();
    await this.withLock(name, async () => {
      const current = this.read(name, key);
      if (opts.ifMatch !== undefined && !(current && (opts.ifMatch === '*' || opts.ifMatch === current.etag))) throw new ConflictError(key);
      if (!current) return;
      await unlink(join(this.dir, `${name}.json`)).catch(ignoreMissing);
      await this.syncDir();
    });
  }

  async list(prefix: string): Promise<string[]> {
    await this.init();
    const start = namePrefix(prefix, MAX_NAME);
    const keys: string[] = [];
    for (const file of await readdir(this.dir)) {
      if (!file.endsWith('.json') || file.startsWith('.') || !file.startsWith(start)) continue;
      const name = file.slice(0, -'.json'.length);
      let key: string | undefined;
      if (isHashedName(name)) key = this.readEnvelope(name)?.key;
      else key = decodeKey(name);
      if (key !== undefined && key.startsWith(prefix)) keys.push(key);
    }
    return keys.sort();
  }

  // ---- records ---------------------------------------------------------------------------------------

  private readEnvelope(name: string): Envelope | undefined {
    const file = join(this.dir, `${name}.json`);
    let text: string;
    try {
      // Records are small: a synchronous read costs microseconds, where the thread-pool round trip of an
      // async read cost more than the read itself on every turn.
      // A missing record is the common case (no dialog yet): ask first, since a thrown ENOENT costs more.
      if (!existsSync(file)) return undefined;
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if (errno(e) === 'ENOENT') return undefined;
      throw e;
    }
    return parseEnvelope(text, file);
  }

  private read(name: string, key: string): Envelope | undefined {
    const found = this.readEnvelope(name);
    if (found && found.key !== key) throw new Error(`storage: ${name}.json holds "${found.key}", not "${key}"`);
    return found;
  }

  private async writeAtomic(file: string, data: string): Promise<void> {
    const tmp = join(this.dir, `${TMP_PREFIX}${HOST}-${process.pid}-${randomUUID()}`);
    inflightTemps.add(tmp);
    try {
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(data, 'utf8');
        if (this.durable) await fh.sync();
      } finally {
        await fh.close();
      }
      await renameWithRetry(tmp, join(this.dir, file));
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    } finally {
      inflightTemps.delete(tmp);
    }
    await this.syncDir();
  }

  /** Makes a rename or unlink in the folder itself durable. */
  private async syncDir(): Promise<void> {
    if (!this.durable || process.platform === 'win32') return;
    const fh = await open(this.dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  // ---- locks -----------------------------------------------------------------------------------------

  private withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const lockPath = join(this.dir, `${name}.lock`);
    return queues.run(lockPath, async () => {
      const release = await this.acquire(lockPath);
      try {
        return await fn();
      } finally {
        await release();
      }
    });
  }

  private async acquire(lockPath: string): Promise<() => Promise<void>> {
    const owner: Owner = { token: randomUUID(), host: HOST, pid: process.pid, time: Date.now() };
    const deadline = Date.now() + this.lockTimeoutMs;
    heldTokens.add(owner.token);
    try {
      for (let attempt = 0; ; attempt++) {
        if (await createExclusive(this.dir, lockPath, owner, this.caps)) {
          return async () => {
            await unlink(lockPath).catch(ignoreMissing);
            heldTokens.delete(owner.token);
          };
        }
        if (await this.breakIfAbandoned(lockPath)) continue;
        if (Date.now() > deadline) throw new Error(`storage: gave up waiting ${this.lockTimeoutMs} ms for ${lockPath}`);
        // The holder needs a few ms (read, write, two fsyncs): poll with a little jitter.
        await sleep(1 + Math.random() * Math.min(25, 2 + attempt));
      }
    } catch (e) {
      heldTokens.delete(owner.token);
      throw e;
    }
  }

  /** Who holds a lock or marker file, and whether they are gone. undefined: the file is gone. */
  private async inspect(path: string): Promise<{ id: string; abandoned: boolean } | undefined> {
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if (errno(e) === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const st = await fh.stat();
      const owner = parseOwner(await fh.readFile('utf8'));
      const age = Date.now() - st.mtimeMs;
      if (!owner) return { id: `i${st.ino}-${Math.floor(st.mtimeMs)}`, abandoned: age > this.staleLockMs };
      let abandoned = age > this.staleLockMs;
      if (owner.host === HOST) {
        // Our own pid but not a token we hold: a previous process that had the same pid.
        if (owner.pid === process.pid) abandoned ||= !heldTokens.has(owner.token);
        else abandoned ||= !pidAlive(owner.pid);
      }
      return { id: owner.token, abandoned };
    } finally {
      await fh.close();
    }
  }

  /**
   * Removes the lock if its owner is gone. Returns true when the lock is gone (try again at once).
   * Only the process that creates "<lock>.break-<id>" may remove the lock with that id, and it removes the
   * marker only after the lock, so a later breaker finds a different id (or none) and leaves it alone.
   */
  private async breakIfAbandoned(lockPath: string): Promise<boolean> {
    const seen = await this.inspect(lockPath);
    if (!seen) return true;
    if (!seen.abandoned) return false;
    const marker = `${lockPath}.break-${seen.id}`;
    const me: Owner = { token: randomUUID(), host: HOST, pid: process.pid, time: Date.now() };
    heldTokens.add(me.token);
    try {
      if (!(await createExclusive(this.dir, marker, me, this.caps))) {
        // Someone else is breaking it, or died while doing so (rare: then its marker goes too).
        if ((await this.inspect(marker))?.abandoned) await unlink(marker).catch(ignoreMissing);
        return false;
      }
      try {
        const again = await this.inspect(lockPath);
        if (again?.id === seen.id) await unlink(lockPath).catch(ignoreMissing);
      } finally {
        await unlink(marker).catch(ignoreMissing);
      }
      return true;
    } finally {
      heldTokens.delete(me.token);
    }
  }

  /** What a crashed process left: its temp files, its locks and break markers. */
  private async cleanup(): Promise<void> {
    for (const file of await readdir(this.dir)) {
      const path = join(this.dir, file);
      if (file.startsWith(TMP_PREFIX)) {
        if (inflightTemps.has(path)) continue;
        const [host, pid] = file.slice(TMP_PREFIX.length).split('-');
        const mine = host === HOST && Number(pid) === process.pid;
        const dead = host === HOST && !pidAlive(Number(pid));
        const old = await stat(path).then(
          (s) => Date.now() - s.mtimeMs > this.staleLockMs,
          () => false,
        );
        if (mine || dead || old) await unlink(path).catch(ignoreMissing);
      } else if (file.endsWith('.lock')) {
        await this.breakIfAbandoned(path);
      } else if (file.includes('.lock.break-')) {
        if ((await this.inspect(path))?.abandoned) await unlink(path).catch(ignoreMissing);
      }
    }
  }
}

/**
 * Creates `path` with the owner record in it, only if it does not exist; false: it exists. The record is
 * written to a temp file first and hard-linked into place (link never replaces a file), so a lock is never
 * seen empty, even when its creator is killed half-way. Where hard links are not supported, falls back
 * to open(path, 'wx') + write, and an empty lock counts as abandoned only after staleLockMs.
 */
async function createExclusive(dir: string, path: string, owner: Owner, caps: { link: boolean }): Promise<boolean> {
  const body = JSON.stringify(owner);
  if (caps.link) {
    const tmp = join(dir, `${TMP_PREFIX}${HOST}-${process.pid}-${randomUUID()}`);
    inflightTemps.add(tmp);
    try {
      await writeFile(tmp, body, { encoding: 'utf8', flag: 'wx' });
      await link(tmp, path);
      return true;
    } catch (e) {
      const code = errno(e);
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
      caps.link = false;
    } finally {
      await unlink(tmp).catch(() => undefined);
      inflightTemps.delete(tmp);
    }
  }
  let fh: FileHandle;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if (errno(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(body, 'utf8');
  } catch (e) {
    await fh.close();
    await unlink(path).catch(() => undefined);
    throw e;
  }
  await fh.close();
  return true;
}

/** Windows refuses a rename over a file that a reader or a virus scanner has open, briefly. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const code = errno(e);
      if (attempt >= 20 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw e;
      await sleep(5 + attempt * 5);
    }
  }
}
