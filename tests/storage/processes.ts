// Runs tests/storage/worker.ts in separate Node processes (through tsx, as `npm start` does).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type WorkerStore = { kind: 'file'; dir: string } | { kind: 'blob'; connectionString: string; container: string };
export type WorkerJob =
  | { mode: 'updates'; store: WorkerStore; key: string; count: number; tag: string; queue: boolean }
  | { mode: 'crash-loop'; store: WorkerStore; keys: string[]; size: number };

/** A value that can tell whether it is whole: every field is derived from n. */
export type CrashValue = { n: number; pad: string; check: number };
export const crashValue = (n: number, size: number): CrashValue => ({ n, pad: String(n % 10).repeat(size), check: n * 7 + size });
export const isConsistent = (v: CrashValue) => Number.isInteger(v.n) && v.check === v.n * 7 + v.pad.length && v.pad === String(v.n % 10).repeat(v.pad.length);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export type Worker = {
  child: ChildProcess;
  /** Resolves with the first stdout line that starts with `prefix`; rejects if the process exits first. */
  line(prefix: string): Promise<string>;
  exited: Promise<number | null>;
  stderr(): string;
};

export function startWorker(job: WorkerJob): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(job)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { prefix: string; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => l.startsWith(w.prefix));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      check();
      for (const w of waiters.splice(0)) w.reject(new Error(`worker exited (${code ?? child.signalCode}) before "${w.prefix}":\n${err}`));
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    stderr: () => err,
    line: (prefix) =>
      new Promise((resolve, reject) => {
        waiters.push({ prefix, resolve, reject });
        check();
        if (child.exitCode !== null || child.signalCode !== null) reject(new Error(`worker already exited:\n${err}`));
      }),
  };
}

/** Two processes, 25 concurrent updates each on one key; returns each worker's most attempts by one update. */
export async function raceTwoProcesses(job: (tag: string) => WorkerJob): Promise<number[]> {
  const workers = ['p1', 'p2'].map((tag) => startWorker(job(tag)));
  try {
    await Promise.all(workers.map((w) => w.line('ready')));
    for (const w of workers) w.child.stdin!.write('go\n');
    const done = await Promise.all(workers.map((w) => w.line('done')));
    const codes = await Promise.all(workers.map((w) => w.exited));
    if (codes.some((c) => c !== 0)) throw new Error(`a worker failed: ${workers.map((w) => w.stderr()).join('\n')}`);
    return done.map((l) => Number(l.split(' ')[1]));
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
  }
}
