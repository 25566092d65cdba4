// Starts Azurite's blob service (the Azure Storage emulator, from node_modules) on a free loopback port
// with its data in a temp folder, for tests of the Azure Blob store. Nothing leaves the machine:
// telemetry is off and the endpoint is 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The emulator's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export type Azurite = {
  port: number;
  connectionString: string;
  location: string;
  stop(): Promise<void>;
  /** Freezes the emulator (SIGSTOP): connections are accepted by the kernel and never answered. */
  pause(): void;
  resume(): void;
  /** Stops the emulator but keeps its data, then starts it again on the same port. */
  down(): Promise<void>;
  up(): Promise<void>;
};

export const azuriteConnectionString = (port: number) =>
  `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;

const require = createRequire(import.meta.url);

/** azurite's "azurite-blob" bin, resolved through its package.json so no shell or .bin shim is involved. */
function blobMain(): string {
  const pkgFile = require.resolve('azurite/package.json');
  const pkg = require(pkgFile) as { bin: Record<string, string> };
  return join(dirname(pkgFile), pkg.bin['azurite-blob']!);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', res));
  const { port } = server.address() as AddressInfo;
  await new Promise((res) => server.close(res));
  return port;
}

const answers = (port: number) =>
  new Promise<boolean>((res) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
  });

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  child.kill('SIGTERM');
  child.disconnect?.();
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function tryStart(location: string, timeoutMs: number, fixedPort?: number): Promise<Azurite | undefined> {
  const port = fixedPort ?? (await freePort());
  const args = ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location];
  args.push('--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry');
  // Run azurite-blob's main under a tiny wrapper that exits when this process goes away (its IPC channel
  // closes), so a test run that is killed never leaves an emulator behind.
  const watchdog = "process.on('disconnect', () => process.exit(0)); require(process.argv[1]);";
  const child = spawn(process.execPath, ['-e', watchdog, blobMain(), ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      // Most likely the port was taken between freePort() and the listen: the caller tries another.
      if (/EADDRINUSE/.test(output)) return undefined;
      throw new Error(`azurite exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`azurite did not answer on 127.0.0.1:${port} within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  let current = child;
  const self: Azurite = {
    port,
    connectionString: azuriteConnectionString(port),
    location,
    async stop() {
      current.kill('SIGCONT');
      await stopChild(current);
      rmSync(location, { recursive: true, force: true });
    },
    pause: () => void current.kill('SIGSTOP'),
    resume: () => void current.kill('SIGCONT'),
    async down() {
      current.kill('SIGCONT');
      await stopChild(current);
    },
    async up() {
      const again = await tryStart(location, timeoutMs, port);
      if (!again) throw new Error(`azurite: port ${port} was taken while it was down`);
      current = (again as Azurite & { child: ChildProcess }).child;
    },
  };
  return Object.assign(self, { child: current });
}

export async function startAzurite({ timeoutMs = 20_000 } = {}): Promise<Azurite> {
  const location = mkdtempSync(join(tmpdir(), 'zt-azurite-'));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = await tryStart(location, timeoutMs);
      if (started) return started;
    }
    throw new Error('azurite: no free port after 3 attempts');
  } catch (e) {
    rmSync(location, { recursive: true, force: true });
    throw e;
  }
}
