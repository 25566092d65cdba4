// The key-value port on a local folder: one JSON file per key, for one bot instance (or several processes
// on one machine sharing the folder).
//   <name>.json            {"key": ..., "etag": ..., "value": ...}   (a name never contains '.', see kv.ts)
//   <name>.lock/           held while a write to that key is decided and made; holds an empty file that
//                          names its owner, <host>-<pid>-<thread>
//   <name>.json.<number>   a write in progress (write-file-atomic's temp file)
//
// Locking and atomic writes are easy to get subtly wrong, so they rest on two small, widely used
// libraries: proper-lockfile (mkdir as the test-and-set, an mtime the holder keeps fresh so that a lock
// left alone for staleLockMs is broken, held locks removed at exit) and write-file-atomic (temp file,
// fsync, rename: after a crash a record is old or new, never torn; reads need no lock). What is ours:
//  - a queue per file in this process, so a process never races itself nor polls its own lock;
//  - fsync of the folder after a rename or unlink (write-file-atomic fsyncs the file only);
//  - the owner in the lock, so that a lock left by a killed process of this machine is broken at once,
//    not after staleLockMs: a bot restarted after kill -9 must not keep its users waiting 30 s;
//  - init() takes the lock of each key with leftovers: while it holds it, no write to that key can be in
//    progress anywhere, so the key's temp files are garbage.
// Breaking an abandoned lock is a stat and then an rmdir in proper-lockfile, not one atomic step: two
// processes breaking the same dead lock at the same instant could both get it (rare; a known limitation).
import { createHash, randomBytes } from 'node:crypto';
import {
  type Stats,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmdirSync,
  stat as statCallback,
  unlinkSync,
  utimes,
  writeFileSync,
} from 'node:fs';
import { mkdir, open, readdir, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
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

/** Longest encoded key kept as is; with ".json.<number>" a name stays well under 255 bytes. */
const MAX_NAME = 150;
/** A lock with no owner inside it this long after it was made: its maker was killed in between (see lockFs.mkdir). */
const UNNAMED_LOCK_MS = 1_000;
/** How long init() waits for the lock of a key with leftovers: long enough to break an unnamed lock. */
const CLEANUP_WAIT_MS = UNNAMED_LOCK_MS + 500;

export type FileStoreOptions = {
  /** fsync files and the folder on every write (default true). Off only for throwaway data. */
  durable?: boolean;
  /** Give up waiting for a key's lock after this long (default 30 s). */
  lockTimeoutMs?: number;
  /** A lock not kept fresh for this long is taken as abandoned even if its owner seems alive (default 30 s, at least 2 s). */
  staleLockMs?: number;
};

type Envelope = { key: string; etag: string; value: unknown };

/** This machine and pid namespace: pids are only comparable within it. */
const LOCK_HOST = (() => {
  let ns = '';
  try {
    ns = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return createHash('sha256').update(`${hostname()}\n${ns}`).digest('hex').slice(0, 12);
})();
/** The name of the file inside a lock: who holds it. Exported for tests. */
export const lockOwnerName = (pid: number, thread = 0) => `${LOCK_HOST}-${pid}-${thread}`;
const OWNER = lockOwnerName(process.pid, threadId);
const OWNER_NAME = /^([0-9a-f]{12})-(\d+)-(\d+)$/;

// Shared by every FileStore in this process, so two stores on one folder still queue per file.
const queues = new KeyedQueue();
/** Locks this process holds right now. */
const held = new Set<string>();

const errno = (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code;
const ignoreMissing = (e: unknown) => {
  if (errno(e) !== 'ENOENT') throw e;
};

/** Waited lockTimeoutMs for a key's lock in vain. */
class LockTimeoutError extends Error {}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

/** Whether a lock this process does not hold was left by an owner that is gone. */
function abandoned(path: string, st: Stats): boolean {
  // A lock file of the engine before this one (no process makes those any more).
  if (!st.isDirectory()) return true;
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch {
    return false; // released meanwhile: proper-lockfile tries again
  }
  const owner = entries.map((e) => OWNER_NAME.exec(e)).find((m) => m);
  if (!owner) return Date.now() - st.mtimeMs > UNNAMED_LOCK_MS;
  if (owner[1] !== LOCK_HOST) return false; // another machine: only staleLockMs tells
  const pid = Number(owner[2]);
  // Our own pid and thread, on a lock we do not hold: an earlier process that had the same pid.
  if (pid === process.pid) return Number(owner[3]) === threadId;
  return !pidAlive(pid);
}

/** Removes a lock directory and its owner file (or a lock file of the engine before this one). */
function removeLock(path: string): void {
  let entries: string[];
  try {
    entries = readdirSync(path);
  } catch (e) {
    if (errno(e) !== 'ENOTDIR') throw e;
    return unlinkSync(path);
  }
  for (const entry of entries) {
    try {
      unlinkSync(join(path, entry));
    } catch (e) {
      ignoreMissing(e);
    }
  }
  rmdirSync(path);
}

type Callback<T = void> = (err: NodeJS.ErrnoException | null, result?: T) => void;

/**
 * The file system proper-lockfile works through (its `fs` option): its own calls, but a lock names its
 * owner, and a lock whose owner is gone is reported as stale, so that proper-lockfile breaks it at once.
 */
const lockFs = {
  // Makes the lock and names its owner in one synchronous step: a live process leaves a lock unnamed for
  // two system calls at most, so an unnamed lock older than UNNAMED_LOCK_MS lost its maker in between.
  mkdir(path: string, cb: Callback) {
    try {
      mkdirSync(path);
    } catch (e) {
      return cb(e as NodeJS.ErrnoException);
    }
    try {
      writeFileSync(join(path, OWNER), '');
    } catch (e) {
      try {
        rmdirSync(path);
      } catch {
        // Left unnamed: broken after UNNAMED_LOCK_MS.
      }
      return cb(e as NodeJS.ErrnoException);
    }
    held.add(path);
    cb(null);
  },
  stat(path: string, cb: Callback<Stats | { mtime: Date }>) {
    statCallback(path, (err, st) => {
      if (err || held.has(path)) return cb(err, st);
      // Someone else's lock, and proper-lockfile asks whether it is stale: an abandoned one is.
      cb(null, abandoned(path, st) ? { mtime: new Date(0) } : st);
    });
  },
  rmdir(path: string, cb: Callback) {
    held.delete(path);
    try {
      removeLock(path);
    } catch (e) {
      return cb(e as NodeJS.ErrnoException);
    }
    cb(null);
  },
  rmdirSync: removeLock,
  utimes,
};

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

  constructor(dir: string, opts: FileStoreOptions = {}) {
    this.dir = resolve(dir);
    this.durable = opts.durable ?? true;
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 30_000;
    // proper-lockfile's floor: the holder refreshes the lock every staleLockMs / 2, and at least every second.
    this.staleLockMs = Math.max(opts.staleLockMs ?? 30_000, 2_000);
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
    return this.withLock(name, key, async () => {
      const current = this.read(name, key);
      if (opts.ifNoneMatch === '*' && current) throw new ConflictError(key, `"${key}" already exists`);
      if (opts.ifMatch !== undefined && !(current && (opts.ifMatch === '*' || opts.ifMatch === current.etag))) throw new ConflictError(key);
      // A version counter for people reading the files, and a random part so that a key deleted and
      // written again never repeats an old eTag.
      const version = (Number.parseInt(current?.etag ?? '0', 10) || 0) + 1;
      const etag = `${version}-${randomBytes(6).toString('hex')}`;
      // A fresh options object each time: write-file-atomic stores the file's mode and owner in it.
      await writeFileAtomic(join(this.dir, `${name}.json`), `{"key":${JSON.stringify(key)},"etag":"${etag}","value":${json}}\n`, {
        fsync: this.durable,
      });
      await this.syncDir();
      return etag;
    });
  }

  async delete(key: string, opts: DeleteOptions = {}): Promise<void> {
    const name = this.nameOf(key);
    await this.init();
    await this.withLock(name, key, async () => {
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

  /** Runs `fn` holding the key's lock: first in this process's queue for the file, then across processes. */
  private withLock<T>(name: string, key: string, fn: () => Promise<T>, waitMs = this.lockTimeoutMs): Promise<T> {
    const lockPath = join(this.dir, `${name}.lock`);
    return queues.run(lockPath, async () => {
      let lost: Error | undefined;
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(join(this.dir, `${name}.json`), {
          realpath: false,
          lockfilePath: lockPath,
          stale: this.staleLockMs,
          update: this.staleLockMs / 2,
          // A holder needs a few ms (read, write, two fsyncs): poll at 1-2 ms first, backing off to 25 ms,
          // with jitter so that waiting processes spread out; `forever` repeats that until maxRetryTime.
          retries: waitMs > 0 ? { retries: 10, factor: 1.5, minTimeout: 1, maxTimeout: 25, randomize: true, forever: true, maxRetryTime: waitMs } : 0,
          fs: lockFs,
          // Called from a timer when the lock was taken from us (we stalled past staleLockMs): never throw there.
          onCompromised: (e) => void (lost = e),
        });
      } catch (e) {
        if (errno(e) === 'ELOCKED' || (e as Error).message === 'RetryOperation timeout occurred') {
          throw new LockTimeoutError(`storage: gave up waiting ${waitMs} ms for the lock on "${key}" (${lockPath})`, { cause: e });
        }
        throw e;
      }
      try {
        const result = await fn();
        if (lost) {
          throw new Error(`storage: lost the lock on "${key}" (${lockPath}) while writing; another process may have written at once`, { cause: lost });
        }
        return result;
      } finally {
        await release()
          .catch((e: unknown) => {
            if (errno(e) !== 'ERELEASED') throw e; // ERELEASED: the lock was lost, see onCompromised
          })
          .finally(() => held.delete(lockPath));
      }
    });
  }

  /**
   * What a crashed process left: the locks and temp files of the keys it was writing, removed under each
   * key's lock (a lock whose owner is gone is broken on the way), and files of the engine before this one.
   */
  private async cleanup(): Promise<void> {
    const leftovers = new Map<string, string[]>();
    for (const file of await readdir(this.dir)) {
      const path = join(this.dir, file);
      const m = /^([^.]+)\.(?:lock|json\.\d+)$/.exec(file);
      if (m) {
        const temps = leftovers.get(m[1]!) ?? [];
        if (!file.endsWith('.lock')) temps.push(path);
        leftovers.set(m[1]!, temps);
      } else if (file.startsWith('.tmp-') || file.includes('.lock.break-')) {
        const old = await stat(path).then(
          (s) => Date.now() - s.mtimeMs > this.staleLockMs,
          () => false,
        );
        if (old) await unlink(path).catch(ignoreMissing);
      }
    }
    await Promise.all(
      [...leftovers].map(([name, temps]) =>
        this.withLock(name, name, async () => void (await Promise.all(temps.map((t) => unlink(t).catch(ignoreMissing)))), CLEANUP_WAIT_MS).catch(
          (e: unknown) => {
            // Held by a live process: what is there is its write in progress.
            if (!(e instanceof LockTimeoutError)) throw e;
          },
        ),
      ),
    );
  }
}
