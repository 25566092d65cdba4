// Copies Microsoft's Zero Trust docs as published now (MicrosoftDocs/security: the security-docs/zero-trust
// folder, and the redirects of its pages from the repository's .openpublishing.redirection.json) into
// DATA_DIR/docs, over HTTPS with fetch: no git, no clone of a repository that is mostly images.
//
// The GitHub API answers 60 unauthenticated requests an hour, so it is asked only what changed: the
// branch's commit (a 304 when nothing did), then only the trees whose sha moved. File bodies come from the
// raw host, which that limit does not cover, and only for files whose git blob sha differs from the copy's.
// Every body is checked against its blob sha and parsed before it can be used; the new copy is written
// beside the old one and becomes current by renaming one small pointer file, so a sync that fails at any
// point leaves the last good copy exactly as it was.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import yaml from 'js-yaml';
import {
  type DocsManifest,
  type DocsPointer,
  type FileEntry,
  MANIFEST_FILE,
  PARTIAL_PREFIX,
  POINTER_FILE,
  REDIRECTS_FILE,
  VERSION_NAME,
  ZERO_TRUST_FOLDER,
  docsRoot,
  readManifest,
  readPointer,
} from './synced-docs.js';

export const DOCS_PATH = 'security-docs/zero-trust';
export const REDIRECTION_FILE = '.openpublishing.redirection.json';
const DEFAULT_TIMEOUT_MS = 30_000;
/** Files handled at once (downloads from the raw host): enough to fill the line, few enough not to look like a flood. */
const DOWNLOADS_AT_ONCE = 8;
const USER_AGENT = 'zero-trust-guide-bot docs-sync';

export type SyncOptions = {
  dataDir: string;
  /** GitHub REST base of the repository, e.g. https://api.github.com/repos/MicrosoftDocs/security */
  sourceUrl: string;
  /** Raw file host of the same repository, e.g. https://raw.githubusercontent.com/MicrosoftDocs/security */
  rawUrl: string;
  branch: string;
  /** Sent to the API only (it raises the hourly limit); file downloads never carry it. */
  token?: string;
  /** Every request, body included, gives up after this long. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type FailureKind = 'network' | 'timeout' | 'http' | 'rate-limit' | 'listing' | 'integrity' | 'parse' | 'disk';

export type SyncFailure = {
  kind: FailureKind;
  /** One line naming the file or URL and the cause. */
  message: string;
  url?: string;
  /** Path inside zero-trust/ (or the redirection file) when one file is to blame. */
  file?: string;
  status?: number;
  /** Rate limited: when the host said to try again (ISO time). */
  retryAt?: string;
};

export type SyncCounts = {
  /** Doc files fetched from the raw host this time. */
  downloaded: number;
  /** Doc files carried over from the previous copy because their blob sha did not change. */
  kept: number;
  /** Doc files the previous copy had and upstream no longer has. */
  removed: number;
  /** HTTP requests made, all hosts. */
  requests: number;
  /** Of those, requests to the API (the ones the hourly limit counts). */
  apiRequests: number;
};

export type SyncSuccess = SyncCounts & {
  ok: true;
  /** False when upstream had not moved: nothing was written but the pointer's checkedAt. */
  changed: boolean;
  commit: string;
  syncedAt: string;
  checkedAt: string;
  files: number;
  redirects: number;
  /** The zero-trust folder of the copy now current. */
  dir: string;
  /** Things that did not stop the sync, such as an old version folder that could not be removed. */
  warnings: string[];
};

export type SyncFailed = SyncCounts & {
  ok: false;
  failure: SyncFailure;
  /** The upstream commit this sync was after, when it got that far. */
  attemptedCommit?: string;
  /** The good copy still in use (none on a first sync that failed). */
  commit?: string;
  syncedAt?: string;
};

export type SyncResult = SyncSuccess | SyncFailed;

class SyncError extends Error {
  constructor(readonly failure: SyncFailure) {
    super(failure.message);
  }
}

// ---------- pure pieces ----------

/** Git's id for a file: sha1 of "blob <length>\0" and the bytes. Equal ids mean equal bytes. */
export function gitBlobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A file that would break the loader says so here, before it can replace a good one. Undefined: it reads. */
export function parseProblem(path: string, bytes: Uint8Array): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'is not UTF-8 text';
  }
  try {
    // Tabs become spaces first, as the loader does: the published docs have tabs in their YAML.
    if (/\.ya?ml$/i.test(path)) yaml.load(text.replace(/\t/g, '  '));
    else if (/\.json$/i.test(path)) JSON.parse(text);
    else if (/\.md$/i.test(path)) {
      const fm = frontMatterOf(text);
      if (fm !== undefined) {
        const parsed = yaml.load(fm.replace(/\t/g, '  '));
        if (parsed !== undefined && parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
          return 'has front matter that is not a YAML mapping';
        }
      }
    }
  } catch (err) {
    return `does not parse: ${firstLine(err)}`;
  }
  return undefined;
}

function frontMatterOf(text: string): string | undefined {
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  return m?.[1];
}

/**
 * GitHub's ways of saying "too many requests": 429, or 403 with no requests left (primary limit) or a
 * retry-after (secondary limit). Returns when to try again, or undefined when this is no rate limit.
 */
export function rateLimitRetryAt(status: number, headers: Headers, now = Date.now()): { retryAt?: string } | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  const limited = status === 429 || (status === 403 && (headers.get('x-ratelimit-remaining') === '0' || !!retryAfter));
  if (!limited) return undefined;
  let at: number | undefined;
  if (retryAfter && /^\d+$/.test(retryAfter)) at = now + Number(retryAfter) * 1000;
  else if (retryAfter && !Number.isNaN(Date.parse(retryAfter))) at = Date.parse(retryAfter);
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (at === undefined && reset && /^\d+$/.test(reset)) at = Number(reset) * 1000;
  return at === undefined ? {} : { retryAt: new Date(at).toISOString() };
}

/** Only pages and their YAML (TOC, landing pages): media and images are not read by the bot. */
export function isDocFile(path: string): boolean {
  return /\.(md|yml)$/i.test(path) && !path.split('/').includes('media');
}

/** A listed path is written under the copy's folder, so one that could climb out of it is refused. */
function isSafePath(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !/[\\\0]/.test(path) && path.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

/** "owner/name" out of an API base such as https://api.github.com/repos/owner/name; else the URL itself. */
function repoLabel(sourceUrl: string): string {
  const m = /\/repos\/([^/]+\/[^/]+)\/?$/.exec(sourceUrl);
  return m ? decodeURIComponent(m[1]!) : sourceUrl;
}

/** The redirects of zero-trust pages, in the shape the rest of the bot reads (source, count, redirections). */
export function zeroTrustRedirects(document: unknown, label: string): { json: string; count: number } {
  const list = (document as { redirections?: unknown } | null)?.redirections;
  if (!Array.isArray(list)) throw new Error('has no "redirections" list');
  const redirections = list
    .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && typeof (r as Record<string, unknown>).source_path === 'string')
    .filter((r) => (r.source_path as string).startsWith(`${DOCS_PATH}/`))
    .map((r) => ({ source_path: r.source_path, redirect_url: r.redirect_url, redirect_document_id: r.redirect_document_id ?? false }));
  const json = JSON.stringify({ source: label, count: redirections.length, redirections }, null, 2);
  return { json, count: redirections.length };
}

function versionName(at: Date, commit: string): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${commit.slice(0, 12)}-${randomBytes(2).toString('hex')}`;
}

function firstLine(err: unknown): string {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const text = String(e?.message ?? err)
    .split('\n')[0]!
    .trim();
  const cause = e?.cause ? (e.cause.code ?? e.cause.message) : undefined;
  return cause && !text.includes(String(cause)) ? `${text} (${cause})` : text;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

// ---------- HTTP ----------

type Got = { status: number; headers: Headers; body: Buffer };

type Client = {
  get(url: string, opts: { api: boolean; etag?: string; file?: string }): Promise<Got>;
  counts: { requests: number; apiRequests: number };
};

function createClient(o: { token?: string; timeoutMs: number; fetch: typeof fetch; cancel: AbortSignal }): Client {
  const counts = { requests: 0, apiRequests: 0 };
  const get: Client['get'] = async (url, { api, etag, file }) => {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT };
    if (api) {
      headers.accept = 'application/vnd.github+json';
      headers['x-github-api-version'] = '2022-11-28';
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      if (etag) headers['if-none-match'] = etag;
    }
    const where = file ? `${file} (${url})` : url;
    const timeout = AbortSignal.timeout(o.timeoutMs);
    counts.requests++;
    if (api) counts.apiRequests++;
    let res: Response;
    let body: Buffer;
    try {
      // The signal covers the body as well: a server that stalls half way through a file times out too.
      res = await o.fetch(url, { headers, signal: AbortSignal.any([timeout, o.cancel]) });
      body = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      if (timeout.aborted)
        throw new SyncError({ kind: 'timeout', message: `${where}: no complete answer within ${o.timeoutMs} ms`, url, ...(file ? { file } : {}) });
      throw new SyncError({ kind: 'network', message: `${where}: ${o.cancel.aborted ? 'cancelled' : firstLine(err)}`, url, ...(file ? { file } : {}) });
    }
    if (res.status === 304) return { status: 304, headers: res.headers, body };
    const limit = rateLimitRetryAt(res.status, res.headers);
    if (limit) {
      const hint = api && !o.token ? '; a GITHUB_TOKEN raises the limit' : '';
      const when = limit.retryAt ? `try again after ${limit.retryAt}` : 'try again later';
      throw new SyncError({
        kind: 'rate-limit',
        message: `${where}: rate limited (HTTP ${res.status}), ${when}${hint}`,
        url,
        status: res.status,
        ...limit,
        ...(file ? { file } : {}),
      });
    }
    if (!res.ok) {
      const detail = body.toString('utf8', 0, 300).replace(/\s+/g, ' ').trim();
      throw new SyncError({
        kind: 'http',
        message: `${where}: HTTP ${res.status}${detail ? ` ${detail}` : ''}`,
        url,
        status: res.status,
        ...(file ? { file } : {}),
      });
    }
    return { status: res.status, headers: res.headers, body };
  };
  return { get, counts };
}

function parseJson(got: Got, url: string): unknown {
  try {
    return JSON.parse(got.body.toString('utf8'));
  } catch (err) {
    throw new SyncError({ kind: 'listing', message: `${url}: the answer is not JSON (${firstLine(err)})`, url });
  }
}

// ---------- what upstream has ----------

type Commit = { sha: string; tree: string | undefined; etag: string | undefined };

/** The branch's commit, or 'not-modified' when the ETag still matches. */
async function resolveCommit(client: Client, source: string, branch: string, etag: string | undefined): Promise<Commit | 'not-modified'> {
  const url = `${source}/commits/${encodePath(branch)}`;
  const got = await client.get(url, { api: true, etag });
  if (got.status === 304) return 'not-modified';
  const body = parseJson(got, url) as { sha?: unknown; commit?: { tree?: { sha?: unknown } } } | null;
  const sha = typeof body?.sha === 'string' ? body.sha.toLowerCase() : '';
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new SyncError({ kind: 'listing', message: `${url}: no commit sha in the answer`, url });
  const tree = body?.commit?.tree?.sha;
  return { sha, tree: typeof tree === 'string' && /^[0-9a-f]{40}$/i.test(tree) ? tree.toLowerCase() : undefined, etag: got.headers.get('etag') ?? undefined };
}

type TreeEntry = { path: string; type: string; mode: string; sha: string; size: number | undefined };

async function readTree(client: Client, source: string, sha: string, recursive: boolean): Promise<TreeEntry[]> {
  const url = `${source}/git/trees/${sha}${recursive ? '?recursive=1' : ''}`;
  const body = parseJson(await client.get(url, { api: true }), url) as { tree?: unknown; truncated?: unknown } | null;
  // GitHub cuts very large listings short and says so; a copy built from one would silently lose pages.
  if (body?.truncated === true)
    throw new SyncError({ kind: 'listing', message: `${url}: the listing was truncated by the server, so files would be missing`, url });
  if (!Array.isArray(body?.tree)) throw new SyncError({ kind: 'listing', message: `${url}: not a git tree (no "tree" list)`, url });
  return body.tree.map((e: Record<string, unknown>) => {
    if (!e || typeof e.path !== 'string' || typeof e.type !== 'string' || typeof e.sha !== 'string' || !/^[0-9a-f]{40}$/i.test(e.sha)) {
      throw new SyncError({ kind: 'listing', message: `${url}: an entry without path, type or sha`, url });
    }
    return { path: e.path, type: e.type, mode: String(e.mode ?? ''), sha: e.sha.toLowerCase(), size: typeof e.size === 'number' ? e.size : undefined };
  });
}

function findEntry(entries: TreeEntry[], name: string, type: string, url: string, commit: string): TreeEntry {
  const hit = entries.find((e) => e.path === name && e.type === type);
  if (!hit) throw new SyncError({ kind: 'listing', message: `${url}: no ${name} ${type === 'tree' ? 'folder' : 'file'} at commit ${commit}`, url });
  return hit;
}

/** The doc files of a recursive zero-trust tree: path (inside zero-trust/) -> blob sha and size. */
function docFiles(entries: TreeEntry[], url: string): Map<string, FileEntry> {
  const files = new Map<string, FileEntry>();
  for (const e of entries) {
    // Symlinks (mode 120000) are blobs too, but their body is a path, not a page.
    if (e.type !== 'blob' || e.mode === '120000' || !isDocFile(e.path)) continue;
    if (!isSafePath(e.path)) throw new SyncError({ kind: 'listing', message: `${url}: refusing the path "${e.path}"`, url });
    if (e.size === undefined) throw new SyncError({ kind: 'listing', message: `${url}: ${e.path} has no size`, url });
    files.set(e.path, { sha: e.sha, size: e.size });
  }
  if (!files.size) throw new SyncError({ kind: 'listing', message: `${url}: lists no .md or .yml files`, url });
  return files;
}

type Listing = {
  trees: DocsManifest['trees'];
  files: Map<string, FileEntry>;
  redirects: FileEntry | undefined;
};

/**
 * What the commit holds, asking only for trees whose sha moved since the previous copy: most commits
 * upstream touch other docs, and then zero-trust's own (recursive, largest) listing is not asked for.
 */
async function listDocs(client: Client, source: string, commit: Commit, previous: DocsManifest | undefined): Promise<Listing> {
  const rootUrl = `${source}/git/trees/${commit.tree ?? commit.sha}`;
  const root = await readTree(client, source, commit.tree ?? commit.sha, false);
  const securityDocs = findEntry(root, 'security-docs', 'tree', rootUrl, commit.sha);
  const redirection = root.find((e) => e.path === REDIRECTION_FILE && e.type === 'blob');
  let zeroTrust = previous?.trees.securityDocs === securityDocs.sha ? previous.trees.zeroTrust : undefined;
  if (!zeroTrust) {
    const url = `${source}/git/trees/${securityDocs.sha}`;
    zeroTrust = findEntry(await readTree(client, source, securityDocs.sha, false), 'zero-trust', 'tree', url, commit.sha).sha;
  }
  const files =
    previous && previous.trees.zeroTrust === zeroTrust
      ? new Map(Object.entries(previous.files))
      : docFiles(await readTree(client, source, zeroTrust, true), `${source}/git/trees/${zeroTrust}?recursive=1`);
  return {
    trees: { securityDocs: securityDocs.sha, zeroTrust },
    files,
    redirects: redirection ? { sha: redirection.sha, size: redirection.size ?? -1 } : undefined,
  };
}

// ---------- writing the copy ----------

/** Written and flushed before the pointer can name it, so a crash never leaves a pointer to empty files. */
async function writeDurable(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncFolder(dir: string): Promise<void> {
  // Makes a rename durable on Linux; platforms that cannot open a folder for this simply skip it.
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* not supported here */
  }
}

/** Checks a body against the listing before it may be written: size, blob sha, and that it parses. */
function verifyBody(file: string, url: string, bytes: Buffer, want: FileEntry): void {
  if (want.size >= 0 && bytes.length !== want.size) {
    throw new SyncError({ kind: 'integrity', message: `${file} (${url}): got ${bytes.length} bytes, the listing says ${want.size}`, url, file });
  }
  const sha = gitBlobSha(bytes);
  if (sha !== want.sha)
    throw new SyncError({ kind: 'integrity', message: `${file} (${url}): blob sha ${sha} does not match the listing's ${want.sha}`, url, file });
  const problem = parseProblem(file, bytes);
  if (problem) throw new SyncError({ kind: 'parse', message: `${file} (${url}) ${problem}`, url, file });
}

/** Runs jobs a few at a time; the first failure cancels the rest and is waited out before it is thrown. */
async function inPool<T>(items: T[], limit: number, cancel: AbortController, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let first: unknown;
  const worker = async () => {
    while (first === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await job(item);
      } catch (err) {
        if (first === undefined) {
          first = err;
          cancel.abort();
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (first !== undefined) throw first;
}

type BuildInput = {
  client: Client;
  raw: string;
  commit: string;
  listing: Listing;
  previous: DocsManifest | undefined;
  oldDir: string | undefined;
  newDir: string;
  cancel: AbortController;
  /** Counted as the work is done, so a sync that fails half way still says how far it got. */
  counts: { downloaded: number; kept: number; removed: number };
};

/** Fills newDir/zero-trust: unchanged files from the old copy (re-hashed, so a damaged one is fetched again), the rest downloaded. */
async function buildFiles(b: BuildInput): Promise<void> {
  const files = [...b.listing.files].sort(([x], [y]) => x.localeCompare(y));
  // One pool for both: each file is flushed to disk, and flushes in parallel cost far less than in a row.
  await inPool(files, DOWNLOADS_AT_ONCE, b.cancel, async ([path, entry]) => {
    const target = join(b.newDir, ZERO_TRUST_FOLDER, path);
    if (b.oldDir && b.previous?.files[path]?.sha === entry.sha) {
      const bytes = await readFile(join(b.oldDir, ZERO_TRUST_FOLDER, path)).catch(() => undefined);
      if (bytes && gitBlobSha(bytes) === entry.sha) {
        await writeDurable(target, bytes);
        b.counts.kept++;
        return;
      }
    }
    const url = `${b.raw}/${b.commit}/${DOCS_PATH}/${encodePath(path)}`;
    const got = await b.client.get(url, { api: false, file: path });
    b.counts.downloaded++;
    verifyBody(path, url, got.body, entry);
    await writeDurable(target, got.body);
  });
}

/** Writes newDir/redirects.json, from the old copy when the repository's redirection file has not changed. */
async function buildRedirects(b: BuildInput, label: string): Promise<(FileEntry & { count: number }) | undefined> {
  const target = join(b.newDir, REDIRECTS_FILE);
  const want = b.listing.redirects;
  if (!want) {
    await writeDurable(target, zeroTrustRedirects({ redirections: [] }, label).json);
    return undefined;
  }
  if (b.oldDir && b.previous?.redirects?.sha === want.sha) {
    try {
      const { json, count } = zeroTrustRedirects(JSON.parse(await readFile(join(b.oldDir, REDIRECTS_FILE), 'utf8')), label);
      await writeDurable(target, json);
      return { ...want, count };
    } catch {
      /* the old file is damaged: fetch it again below */
    }
  }
  const url = `${b.raw}/${b.commit}/${encodePath(REDIRECTION_FILE)}`;
  const got = await b.client.get(url, { api: false, file: REDIRECTION_FILE });
  verifyBody(REDIRECTION_FILE, url, got.body, want);
  let filtered: { json: string; count: number };
  try {
    filtered = zeroTrustRedirects(JSON.parse(got.body.toString('utf8')), label);
  } catch (err) {
    throw new SyncError({ kind: 'parse', message: `${REDIRECTION_FILE} (${url}) ${firstLine(err)}`, url, file: REDIRECTION_FILE });
  }
  await writeDurable(target, filtered.json);
  return { ...want, count: filtered.count };
}

/** Replaces current.json in one rename: readers see the old pointer or the new one, never half of either. */
async function writePointer(root: string, pointer: DocsPointer): Promise<void> {
  const tmp = join(root, `${POINTER_FILE}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeDurable(tmp, `${JSON.stringify(pointer, null, 2)}\n`);
    await rename(tmp, join(root, POINTER_FILE));
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw err;
  }
  await syncFolder(root);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leftovers of a sync that crashed: partial folders and pointer temp files of this process or of dead ones. */
async function removeStale(root: string): Promise<void> {
  for (const name of await readdir(root)) {
    const m = /^(?:\.partial-|current\.json\.)(\d+)-[0-9a-f]+(?:\.tmp)?$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    // This process runs one sync per folder at a time, so its own leftovers are stale as well.
    if (pid === process.pid || !isAlive(pid)) await rm(join(root, name), { recursive: true, force: true });
  }
}

/** After the switch: every version folder but the current one goes. Failures are reported, not fatal. */
async function removeOldVersions(root: string, keep: string): Promise<string[]> {
  const warnings: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === keep || !VERSION_NAME.test(e.name)) continue;
    await rm(join(root, e.name), { recursive: true, force: true }).catch((err) => warnings.push(`could not remove old copy ${e.name}: ${firstLine(err)}`));
  }
  return warnings;
}

// ---------- the sync ----------

// One sync per data folder at a time in this process: a second caller waits for the first and then
// usually finds nothing left to do (a 304).
const running = new Map<string, Promise<SyncResult>>();

export function syncDocs(options: SyncOptions): Promise<SyncResult> {
  const key = resolve(options.dataDir);
  const before = running.get(key) ?? Promise.resolve();
  const start = () => runSync(options);
  const run = before.then(start, start);
  running.set(key, run);
  const done = () => {
    if (running.get(key) === run) running.delete(key);
  };
  run.then(done, done);
  return run;
}

async function runSync(o: SyncOptions): Promise<SyncResult> {
  const source = o.sourceUrl.replace(/\/+$/, '');
  const raw = o.rawUrl.replace(/\/+$/, '');
  const dataDir = resolve(o.dataDir);
  const root = docsRoot(dataDir);
  const cancel = new AbortController();
  const client = createClient({ token: o.token, timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetch: o.fetch ?? globalThis.fetch, cancel: cancel.signal });
  const pointer = readPointer(dataDir);
  const current = pointer && existsSync(join(root, pointer.version, ZERO_TRUST_FOLDER)) ? pointer : undefined;
  const oldDir = current ? join(root, current.version) : undefined;
  const previous = oldDir ? readManifest(oldDir) : undefined;
  const counts = { downloaded: 0, kept: 0, removed: 0 };
  const withRequests = () => ({ ...counts, requests: client.counts.requests, apiRequests: client.counts.apiRequests });
  let partial: string | undefined;
  let attempted: string | undefined;
  try {
    await mkdir(root, { recursive: true });
    await removeStale(root);
    // An ETag belongs to the URL that gave it: after a change of source or branch it is not sent.
    const etag = current && current.source === source && current.branch === o.branch ? current.etag : undefined;
    const commit = await resolveCommit(client, source, o.branch, etag);

    // Nothing moved: a commit sha names the same files in any fork, so the copy is current.
    if (current && (commit === 'not-modified' || commit.sha === current.commit)) {
      const checkedAt = new Date().toISOString();
      const newEtag = commit === 'not-modified' ? current.etag : commit.etag;
      await writePointer(root, { ...current, source, branch: o.branch, checkedAt, ...(newEtag ? { etag: newEtag } : {}) });
      counts.kept = current.files;
      return {
        ok: true,
        changed: false,
        commit: current.commit,
        syncedAt: current.syncedAt,
        checkedAt,
        files: current.files,
        redirects: previous?.redirects?.count ?? 0,
        dir: join(root, current.version, ZERO_TRUST_FOLDER),
        warnings: [],
        ...withRequests(),
      };
    }
    if (commit === 'not-modified')
      throw new SyncError({ kind: 'http', message: `${source}: answered 304 to a request this copy cannot have made`, url: source });
    attempted = commit.sha;

    const listing = await listDocs(client, source, commit, previous);
    partial = join(root, `${PARTIAL_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    await mkdir(partial);
    const build: BuildInput = { client, raw, commit: commit.sha, listing, previous, oldDir, newDir: partial, cancel, counts };
    const label = `${repoLabel(source)} ${REDIRECTION_FILE} @ ${commit.sha}, entries whose source_path is under ${DOCS_PATH}/`;
    const redirects = await buildRedirects(build, label);
    await buildFiles(build);
    counts.removed = previous ? Object.keys(previous.files).filter((p) => !listing.files.has(p)).length : 0;

    const syncedAt = new Date();
    const manifest: DocsManifest = {
      source,
      raw,
      branch: o.branch,
      commit: commit.sha,
      syncedAt: syncedAt.toISOString(),
      trees: listing.trees,
      redirects,
      files: Object.fromEntries([...listing.files].sort(([a], [c]) => a.localeCompare(c))),
    };
    await writeDurable(join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const version = versionName(syncedAt, commit.sha);
    await rename(partial, join(root, version));
    partial = join(root, version);
    await writePointer(root, {
      version,
      commit: commit.sha,
      syncedAt: manifest.syncedAt,
      checkedAt: manifest.syncedAt,
      source,
      branch: o.branch,
      ...(commit.etag ? { etag: commit.etag } : {}),
      files: listing.files.size,
    });
    partial = undefined;
    const warnings = await removeOldVersions(root, version);
    return {
      ok: true,
      changed: true,
      commit: commit.sha,
      syncedAt: manifest.syncedAt,
      checkedAt: manifest.syncedAt,
      files: listing.files.size,
      redirects: redirects?.count ?? 0,
      dir: join(root, version, ZERO_TRUST_FOLDER),
      warnings,
      ...withRequests(),
    };
  } catch (err) {
    cancel.abort();
    if (partial) await rm(partial, { recursive: true, force: true }).catch(() => {});
    const failure: SyncFailure = err instanceof SyncError ? err.failure : { kind: 'disk', message: `writing under ${root}: ${firstLine(err)}` };
    return {
      ok: false,
      failure,
      ...(attempted ? { attemptedCommit: attempted } : {}),
      ...(current ? { commit: current.commit, syncedAt: current.syncedAt } : {}),
      ...withRequests(),
    };
  }
}
