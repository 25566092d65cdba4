// The docs sync against a local stand-in for GitHub serving the real Zero Trust docs: what a first sync
// copies, what a refresh costs, and that every kind of failure leaves the last good copy as it was.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { type ExpectStatic, describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, readConfig } from '../../src/config.js';
import { loadDocs } from '../../src/knowledge/docs.js';
import { type SyncFailed, type SyncOptions, type SyncResult, gitBlobSha, syncDocs } from '../../src/knowledge/docs-sync.js';
import { currentDocs } from '../../src/knowledge/synced-docs.js';
import { type DocsSource, startDocsSource } from '../helpers/docs-source.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');
const DOCS = join(CORPUS, 'zero-trust-head');
const REDIRECTS = join(CORPUS, 'redirects-zero-trust.json');
const FILES = readdirSync(DOCS, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
const CORPUS_REDIRECTS = JSON.parse(readFileSync(REDIRECTS, 'utf8')) as { count: number; redirections: unknown[] };

/** Registers what to undo when the test ends (concurrent tests pass their own context's hook). */
type Finish = (fn: () => void | Promise<void>) => void;

async function source(finish: Finish = onTestFinished): Promise<DocsSource> {
  const s = await startDocsSource({ docsDir: DOCS, redirectsFile: REDIRECTS });
  finish(() => s.close());
  return s;
}

function tempDir(finish: Finish = onTestFinished): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-sync-'));
  finish(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sync(s: DocsSource, dataDir: string, extra: Partial<SyncOptions> = {}): Promise<SyncResult> {
  return syncDocs({ dataDir, sourceUrl: s.sourceUrl, rawUrl: s.rawUrl, branch: s.branch, timeoutMs: 5000, ...extra });
}

/** A source and a data folder holding a good copy of its first commit; the request log starts empty. */
async function synced(finish: Finish = onTestFinished): Promise<{ s: DocsSource; dataDir: string }> {
  const s = await source(finish);
  const dataDir = tempDir(finish);
  const first = await sync(s, dataDir);
  if (!first.ok) throw new Error(`the first sync failed: ${first.failure.message}`);
  s.resetLog();
  return { s, dataDir };
}

/** Every file under DATA_DIR/docs with a hash of its bytes: equal snapshots are equal copies, byte for byte. */
function snapshot(dataDir: string): Record<string, string> {
  const root = join(dataDir, 'docs');
  const out: Record<string, string> = {};
  for (const e of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out[relative(root, full).split(sep).join('/')] = createHash('sha256').update(readFileSync(full)).digest('hex');
  }
  return out;
}

/** Folders directly under DATA_DIR/docs. */
const folders = (dataDir: string) =>
  readdirSync(join(dataDir, 'docs'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

const requestsTo = (s: DocsSource, kind: 'api' | 'raw') => s.requests.filter((r) => r.kind === kind);

const readRedirects = (dataDir: string) =>
  JSON.parse(readFileSync(currentDocs(dataDir)!.redirectsFile, 'utf8')) as { source: string; count: number; redirections: { source_path: string }[] };

describe('docs sync: copying and refreshing', () => {
  it('a first sync copies every page and the zero-trust redirects, and loadDocs reads the copy as it reads a checkout', async () => {
    const s = await source();
    const dataDir = tempDir();
    const result = await sync(s, dataDir);
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      commit: s.head(),
      downloaded: FILES,
      kept: 0,
      removed: 0,
      files: FILES,
      redirects: CORPUS_REDIRECTS.count,
    });
    // The commit, three listings (root, security-docs, zero-trust), every page and the redirection file.
    expect(requestsTo(s, 'api').map((r) => r.target)).toEqual(['commit', 'tree', 'tree', 'tree']);
    expect(requestsTo(s, 'raw')).toHaveLength(FILES + 1);
    expect(s.requests).toHaveLength(FILES + 5);
    expect(result).toMatchObject({ requests: FILES + 5, apiRequests: 4 });
    expect(s.requests.every((r) => r.status === 200 && r.authorization === undefined)).toBe(true);
    expect(s.requests.some((r) => /media|operations/.test(r.file ?? ''))).toBe(false);

    const copy = currentDocs(dataDir)!;
    expect(copy).toMatchObject({ commit: s.head(), files: FILES, syncedAt: (result as { syncedAt: string }).syncedAt });
    expect(copy.dir).toBe((result as { dir: string }).dir);
    for (const e of readdirSync(DOCS, { recursive: true, withFileTypes: true }).filter((x) => x.isFile())) {
      const path = relative(DOCS, join(e.parentPath, e.name));
      expect(readFileSync(join(copy.dir, path)).equals(readFileSync(join(DOCS, path))), path).toBe(true);
    }
    expect(readdirSync(copy.dir, { recursive: true, withFileTypes: true }).filter((x) => x.isFile())).toHaveLength(FILES);
    expect(existsSync(join(copy.dir, 'media'))).toBe(false);

    const fromCopy = loadDocs(copy.dir);
    const fromCheckout = loadDocs(DOCS);
    expect(fromCopy.articles.length).toBeGreaterThan(100);
    expect(fromCopy.articles).toEqual(fromCheckout.articles);
    expect(fromCopy.warnings).toEqual([]);

    const redirects = readRedirects(dataDir);
    expect(redirects.redirections).toEqual(CORPUS_REDIRECTS.redirections);
    expect(redirects.count).toBe(CORPUS_REDIRECTS.count);
    expect(redirects.source).toContain(`MicrosoftDocs/security .openpublishing.redirection.json @ ${s.head()}`);
    expect(folders(dataDir)).toHaveLength(1);
  });

  it('an unchanged repository costs one conditional request, answered 304, and changes no file of the copy', async () => {
    const { s, dataDir } = await synced();
    const before = snapshot(dataDir);
    const result = await sync(s, dataDir);
    expect(result).toMatchObject({ ok: true, changed: false, commit: s.head(), downloaded: 0, kept: FILES, removed: 0, requests: 1, apiRequests: 1 });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ target: 'commit', status: 304 });
    expect(s.requests[0]!.ifNoneMatch).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const after = snapshot(dataDir);
    // Only the pointer moves: it records when upstream was last seen unchanged.
    delete before['current.json'];
    delete after['current.json'];
    expect(after).toEqual(before);
    expect(currentDocs(dataDir)!.checkedAt).toBe((result as { checkedAt: string }).checkedAt);
  });

  it('a refresh after one page changed downloads exactly that page, and the old copy is removed', async () => {
    const { s, dataDir } = await synced();
    const oldDir = currentDocs(dataDir)!.dir;
    const changed = `${readFileSync(join(DOCS, 'deploy/identity.md'), 'utf8')}\nA sentence added upstream.\n`;
    s.setFile('deploy/identity.md', changed);
    const result = await sync(s, dataDir);
    expect(result).toMatchObject({ ok: true, changed: true, commit: s.head(), downloaded: 1, kept: FILES - 1, removed: 0, requests: 5, apiRequests: 4 });
    expect(s.requests.map((r) => `${r.kind} ${r.target} ${r.status}`)).toEqual([
      'api commit 200',
      'api tree 200',
      'api tree 200',
      'api tree 200',
      'raw file 200',
    ]);
    expect(requestsTo(s, 'raw')[0]!.file).toBe('security-docs/zero-trust/deploy/identity.md');
    const copy = currentDocs(dataDir)!;
    expect(readFileSync(join(copy.dir, 'deploy/identity.md'), 'utf8')).toBe(changed);
    expect(existsSync(oldDir)).toBe(false);
    expect(folders(dataDir)).toHaveLength(1);
    expect(
      loadDocs(copy.dir)
        .articles.find((a) => a.path === 'deploy/identity')!
        .sections.some((x) => x.text.includes('A sentence added upstream.')),
    ).toBe(true);
  });

  it('a commit that touches only other docs costs three API requests and no download', async () => {
    const { s, dataDir } = await synced();
    s.touchOutside();
    const result = await sync(s, dataDir);
    // The commit, the root listing and security-docs' listing; zero-trust's tree sha is unchanged.
    expect(result).toMatchObject({ ok: true, changed: true, commit: s.head(), downloaded: 0, kept: FILES, requests: 3, apiRequests: 3 });
    expect(currentDocs(dataDir)!.commit).toBe(s.head());
  });

  it('a new redirect appears in redirects.json, and a removed page is gone, after the next sync', async () => {
    const { s, dataDir } = await synced();
    const entry = {
      source_path: 'security-docs/zero-trust/deploy/identity.md',
      redirect_url: '/security/zero-trust/deploy/overview',
      redirect_document_id: false,
    };
    s.addRedirect(entry);
    const redirected = await sync(s, dataDir);
    // The commit, the root listing (the redirection file's sha moved, the docs' did not) and that one file.
    expect(redirected).toMatchObject({ ok: true, downloaded: 0, kept: FILES, redirects: CORPUS_REDIRECTS.count + 1, requests: 3, apiRequests: 2 });
    expect(requestsTo(s, 'raw').map((r) => r.file)).toEqual(['.openpublishing.redirection.json']);
    expect(readRedirects(dataDir).redirections).toContainEqual(entry);
    expect(readRedirects(dataDir).count).toBe(CORPUS_REDIRECTS.count + 1);

    s.resetLog();
    s.removeFile('deploy/identity.md');
    const removed = await sync(s, dataDir);
    expect(removed).toMatchObject({ ok: true, downloaded: 0, kept: FILES - 1, removed: 1, files: FILES - 1, requests: 4, apiRequests: 4 });
    const copy = currentDocs(dataDir)!;
    expect(existsSync(join(copy.dir, 'deploy/identity.md'))).toBe(false);
    expect(loadDocs(copy.dir).articles.map((a) => a.path)).not.toContain('deploy/identity');
    expect(readRedirects(dataDir).redirections).toContainEqual(entry);
  });

  it('a file damaged in the copy is downloaded again rather than kept', async () => {
    const { s, dataDir } = await synced();
    writeFileSync(join(currentDocs(dataDir)!.dir, 'TOC.yml'), 'damaged');
    s.setFile('index.yml', `${readFileSync(join(DOCS, 'index.yml'), 'utf8')}\n`);
    const result = await sync(s, dataDir);
    expect(result).toMatchObject({ ok: true, downloaded: 2, kept: FILES - 2 });
    expect(readFileSync(join(currentDocs(dataDir)!.dir, 'TOC.yml')).equals(readFileSync(join(DOCS, 'TOC.yml')))).toBe(true);
  });

  it('the token goes to the API only, never to the file host', async () => {
    const s = await source();
    const result = await sync(s, tempDir(), { token: 'test-token' });
    expect(result.ok).toBe(true);
    expect(requestsTo(s, 'api').every((r) => r.authorization === 'Bearer test-token')).toBe(true);
    expect(requestsTo(s, 'raw').every((r) => r.authorization === undefined)).toBe(true);
  });

  it('two syncs at once in one process run one after the other', async () => {
    const { s, dataDir } = await synced();
    s.setFile('deploy/identity.md', 'changed\n');
    const [a, b] = await Promise.all([sync(s, dataDir), sync(s, dataDir)]);
    expect(a).toMatchObject({ ok: true, changed: true, downloaded: 1, requests: 5 });
    expect(b).toMatchObject({ ok: true, changed: false, requests: 1 });
    expect(s.requests).toHaveLength(6);
    expect(folders(dataDir)).toHaveLength(1);
    expect(readFileSync(join(currentDocs(dataDir)!.dir, 'deploy/identity.md'), 'utf8')).toBe('changed\n');

    // And on an empty folder: one full copy, then a 304.
    const fresh = tempDir();
    const [c, d] = await Promise.all([sync(s, fresh), sync(s, fresh)]);
    expect([c.ok && c.changed, d.ok && d.changed]).toEqual([true, false]);
    expect(folders(fresh)).toHaveLength(1);
  });
});

type FailureCase = {
  name: string;
  /** Changes upstream and switches faults on; returns the zero-trust file to blame, if one is. */
  arrange: (s: DocsSource) => string | undefined;
  kind: SyncFailed['failure']['kind'];
  message: RegExp;
  timeoutMs?: number;
  check?: (f: SyncFailed['failure'], expect: ExpectStatic) => void;
};

/** A change upstream that still parses: a comment added at the end. */
const edit = (s: DocsSource, path: string) =>
  s.setFile(path, `${readFileSync(join(DOCS, path), 'utf8')}\n${path.endsWith('.yml') ? '# Changed upstream.' : '<!-- Changed upstream. -->'}\n`);
const on = (file: string) => ({ file });

const failures: FailureCase[] = [
  {
    name: 'HTTP 500 on a file',
    arrange: (s) => (edit(s, 'deploy/identity.md'), s.inject({ type: 'status', on: on('deploy/identity.md'), status: 500 }), 'deploy/identity.md'),
    kind: 'http',
    message: /deploy\/identity\.md .*HTTP 500/,
    check: (f, expect) => expect(f.status).toBe(500),
  },
  {
    name: '403 rate limit with its reset time',
    arrange: (s) => {
      edit(s, 'deploy/identity.md');
      s.inject({ type: 'status', on: 'commit', status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' } });
      return undefined;
    },
    kind: 'rate-limit',
    message: /commits\/main: rate limited \(HTTP 403\), try again after 2030-01-01T00:00:00\.000Z; a GITHUB_TOKEN raises the limit/,
    check: (f, expect) => expect(f.retryAt).toBe('2030-01-01T00:00:00.000Z'),
  },
  {
    name: '429 with retry-after on a file',
    arrange: (s) => (edit(s, 'TOC.yml'), s.inject({ type: 'status', on: on('TOC.yml'), status: 429, headers: { 'retry-after': '120' } }), 'TOC.yml'),
    kind: 'rate-limit',
    message: /TOC\.yml .*rate limited \(HTTP 429\), try again after \d{4}-/,
    check: (f, expect) => {
      const wait = Date.parse(f.retryAt!) - Date.now();
      expect(wait).toBeGreaterThan(100_000);
      expect(wait).toBeLessThanOrEqual(120_000);
    },
  },
  {
    name: 'a truncated listing',
    arrange: (s) => (edit(s, 'deploy/identity.md'), s.inject({ type: 'truncated-listing' }), undefined),
    kind: 'listing',
    message: /git\/trees\/[0-9a-f]{40}\?recursive=1: the listing was truncated/,
  },
  {
    name: 'a body cut short',
    arrange: (s) => (edit(s, 'deploy/identity.md'), s.inject({ type: 'short-body', on: on('deploy/identity.md') }), 'deploy/identity.md'),
    kind: 'integrity',
    message: /deploy\/identity\.md .*got \d+ bytes, the listing says \d+/,
  },
  {
    name: 'a yml that does not parse',
    arrange: (s) => (s.setFile('TOC.yml', 'items:\n  - name: [unclosed\n    href: x.md\n'), 'TOC.yml'),
    kind: 'parse',
    message: /TOC\.yml .* does not parse/,
  },
  {
    name: 'a page whose front matter does not parse',
    arrange: (s) => (s.setFile('deploy/networks.md', '---\ntitle: [broken\n---\n# Networks\n'), 'deploy/networks.md'),
    kind: 'parse',
    message: /deploy\/networks\.md .* does not parse/,
  },
  {
    name: 'a timeout while a file is half sent',
    arrange: (s) => (edit(s, 'deploy/identity.md'), s.inject({ type: 'stall', on: on('deploy/identity.md') }), 'deploy/identity.md'),
    kind: 'timeout',
    message: /deploy\/identity\.md .*no complete answer within 300 ms/,
    timeoutMs: 300,
  },
];

describe('docs sync: a failure keeps the last good copy', () => {
  // Each case has its own server and data folder, so they run side by side.
  it.concurrent.for(failures)('$name', async ({ arrange, kind, message, timeoutMs, check }, { expect, onTestFinished: finish }) => {
    const { s, dataDir } = await synced(finish);
    const before = snapshot(dataDir);
    const good = currentDocs(dataDir)!;
    const file = arrange(s);
    const result = await sync(s, dataDir, timeoutMs ? { timeoutMs } : {});
    expect(result.ok).toBe(false);
    const failed = result as SyncFailed;
    expect(failed.failure.kind).toBe(kind);
    expect(failed.failure.message).toMatch(message);
    if (file) expect(failed.failure.file).toBe(file);
    check?.(failed.failure, expect);
    expect(failed).toMatchObject({ commit: good.commit, syncedAt: good.syncedAt });
    expect(failed.requests).toBe(s.requests.length);
    // Byte for byte the same copy, pointer included, and no partial folder left behind.
    expect(snapshot(dataDir)).toEqual(before);
    expect(folders(dataDir)).toEqual([relative(join(dataDir, 'docs'), resolve(good.dir, '..'))]);
    expect(readdirSync(join(dataDir, 'docs')).filter((n) => n.startsWith('.') || n.endsWith('.tmp'))).toEqual([]);
    expect(currentDocs(dataDir)).toEqual(good);

    // Once the fault is gone the next sync succeeds (a broken file stays broken upstream until it is fixed).
    s.clearFaults();
    if (kind !== 'parse') expect((await sync(s, dataDir)).ok).toBe(true);
  });

  it('a first sync that fails leaves no copy and no partial folder', async () => {
    const s = await source();
    const dataDir = tempDir();
    s.inject({ type: 'status', on: on('index.yml'), status: 503 });
    const result = await sync(s, dataDir);
    expect(result).toMatchObject({ ok: false, failure: { kind: 'http', status: 503, file: 'index.yml' } });
    expect((result as SyncFailed).commit).toBeUndefined();
    expect(currentDocs(dataDir)).toBeUndefined();
    expect(readdirSync(join(dataDir, 'docs'))).toEqual([]);
  });

  it('an unreachable source is a network failure naming the URL', async () => {
    const s = await source();
    const url = s.sourceUrl;
    await s.close();
    const result = await syncDocs({ dataDir: tempDir(), sourceUrl: url, rawUrl: s.rawUrl, branch: 'main' });
    expect(result).toMatchObject({ ok: false, failure: { kind: 'network', url: `${url}/commits/main` } });
  });
});

describe('docs sync: pieces', () => {
  it('a git blob sha is the one git gives', () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });
});

describe('docs sync settings', () => {
  it("defaults to Microsoft's public repository, the main branch and a daily refresh", () => {
    const c = readConfig({});
    expect(c).toMatchObject({
      docsSourceUrl: 'https://api.github.com/repos/MicrosoftDocs/security',
      docsRawUrl: 'https://raw.githubusercontent.com/MicrosoftDocs/security',
      docsBranch: 'main',
      docsRefreshHours: 24,
    });
  });

  it('takes a fork or mirror, a branch, fractions of hours and 0 for off', () => {
    const c = readConfig({
      DOCS_SOURCE_URL: 'http://mirror.local/repos/me/security/',
      DOCS_RAW_URL: 'https://raw.mirror.local/me/security',
      DOCS_BRANCH: 'live/2026',
      DOCS_REFRESH_HOURS: '0.5',
    });
    expect(c).toMatchObject({
      docsSourceUrl: 'http://mirror.local/repos/me/security',
      docsRawUrl: 'https://raw.mirror.local/me/security',
      docsBranch: 'live/2026',
      docsRefreshHours: 0.5,
    });
    expect(readConfig({ DOCS_REFRESH_HOURS: '0' }).docsRefreshHours).toBe(0);
  });

  it('a bad URL, negative or non-numeric hours, or a bad branch name says what to fix', () => {
    expect(() => readConfig({ DOCS_SOURCE_URL: 'ftp://example.com/repo' })).toThrow(
      /DOCS_SOURCE_URL must be an http\(s\) URL \(got "ftp:\/\/example.com\/repo"\)/,
    );
    expect(() => readConfig({ DOCS_RAW_URL: 'raw.githubusercontent.com/MicrosoftDocs/security' })).toThrow(/DOCS_RAW_URL must be an http\(s\) URL/);
    expect(() => readConfig({ DOCS_REFRESH_HOURS: '-1' })).toThrow(/DOCS_REFRESH_HOURS must be a number from 0 to 8760 \(got "-1"\)/);
    expect(() => readConfig({ DOCS_REFRESH_HOURS: 'daily' })).toThrow(ConfigError);
    expect(() => readConfig({ DOCS_BRANCH: '../main' })).toThrow(/DOCS_BRANCH must be a branch name/);
  });
});
