// A stand-in for GitHub on loopback, serving a docs folder the way the docs sync reads MicrosoftDocs/security:
//   GET /api/repos/<owner>/<repo>/commits/<branch>            the branch's commit (ETag, 304 on If-None-Match)
//   GET /api/repos/<owner>/<repo>/git/trees/<sha>[?recursive=1] a git tree, shas computed as git does
//   GET /raw/<owner>/<repo>/<commit or branch>/<path>          a file's bytes at that commit
// Every change (edit, remove, add a redirect) is a new commit, as a push would be; older commits stay
// readable. Faults can be switched on per target, and every request is logged so tests can count them.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';

export const DOCS_PREFIX = 'security-docs/zero-trust/';
export const REDIRECTION_PATH = '.openpublishing.redirection.json';

export type Redirect = { source_path: string; redirect_url: string; redirect_document_id: boolean };

/** Which requests a fault applies to: the commit lookup, any tree listing, or one file (path inside zero-trust, or the redirection file). */
export type Target = 'commit' | 'tree' | { file: string };

export type Fault =
  | { type: 'status'; on: Target; status: number; headers?: Record<string, string> }
  /** Recursive listings come back cut in half and flagged `truncated: true`, as GitHub does past its limit. */
  | { type: 'truncated-listing' }
  /** The first half of the body with a Content-Length that matches it: a consistent but short answer. */
  | { type: 'short-body'; on: Target }
  /** Headers and half the body, then nothing: the request can only end by timing out. */
  | { type: 'stall'; on: Target };

export type Logged = {
  method: string;
  url: string;
  kind: 'api' | 'raw' | 'other';
  target: 'commit' | 'tree' | 'file' | 'other';
  /** For raw requests: the repository path asked for. */
  file?: string;
  status: number;
  ifNoneMatch?: string;
  authorization?: string;
};

export type DocsSource = {
  sourceUrl: string;
  rawUrl: string;
  owner: string;
  repo: string;
  branch: string;
  /** The branch's commit now. */
  head(): string;
  requests: Logged[];
  resetLog(): void;
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Writes a file under security-docs/zero-trust/ (new or changed) in a new commit. */
  setFile(path: string, content: string | Buffer): string;
  removeFile(path: string): string;
  addRedirect(entry: Redirect): string;
  /** A change outside security-docs (another docset's file): a new commit whose zero-trust tree is unchanged. */
  touchOutside(): string;
  close(): Promise<void>;
};

type Node = { mode: string; type: 'blob' | 'tree'; sha: string; size?: number };

const sha1 = (...parts: (string | Buffer)[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

function readFolder(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    out.set(relative(dir, full).split(sep).join('/'), readFileSync(full));
  }
  return out;
}

/** The repository redirection file: the zero-trust entries given plus one of another folder, which the sync must drop. */
function redirectionFile(redirections: Redirect[]): Buffer {
  return Buffer.from(JSON.stringify({ redirections }, null, 2));
}

export async function startDocsSource(options: {
  docsDir: string;
  redirectsFile: string;
  owner?: string;
  repo?: string;
  branch?: string;
}): Promise<DocsSource> {
  const owner = options.owner ?? 'MicrosoftDocs';
  const repo = options.repo ?? 'security';
  const branch = options.branch ?? 'main';
  const blobs = new Map<string, Buffer>();
  const trees = new Map<string, Map<string, Node>>();
  const commits = new Map<string, { tree: string; files: Map<string, Buffer>; body: string; etag: string }>();
  const requests: Logged[] = [];
  let faults: Fault[] = [];
  let headSha = '';
  let commitNo = 0;

  // Git object ids, so unchanged folders keep their tree sha across commits exactly as on GitHub.
  const putBlob = (bytes: Buffer): string => {
    const sha = sha1(`blob ${bytes.length}\0`, bytes);
    blobs.set(sha, bytes);
    return sha;
  };
  const putTree = (files: Map<string, Buffer>): string => {
    const here = new Map<string, Buffer>();
    const below = new Map<string, Map<string, Buffer>>();
    for (const [path, bytes] of files) {
      const slash = path.indexOf('/');
      if (slash < 0) here.set(path, bytes);
      else {
        const name = path.slice(0, slash);
        if (!below.has(name)) below.set(name, new Map());
        below.get(name)!.set(path.slice(slash + 1), bytes);
      }
    }
    const entries = new Map<string, Node>();
    for (const [name, bytes] of here) entries.set(name, { mode: '100644', type: 'blob', sha: putBlob(bytes), size: bytes.length });
    for (const [name, sub] of below) entries.set(name, { mode: '040000', type: 'tree', sha: putTree(sub) });
    // Git sorts entries by name, a folder as if its name ended in "/".
    const key = (name: string, n: Node) => (n.type === 'tree' ? `${name}/` : name);
    const sorted = [...entries].sort(([a, x], [b, y]) => Buffer.compare(Buffer.from(key(a, x)), Buffer.from(key(b, y))));
    const body = Buffer.concat(
      sorted.map(([name, n]) => Buffer.concat([Buffer.from(`${n.type === 'tree' ? '40000' : n.mode} ${name}\0`), Buffer.from(n.sha, 'hex')])),
    );
    const sha = sha1(`tree ${body.length}\0`, body);
    trees.set(sha, new Map(sorted));
    return sha;
  };
  const commit = (files: Map<string, Buffer>): string => {
    const tree = putTree(files);
    const sha = sha1(`commit ${++commitNo} ${tree}`);
    const body = JSON.stringify({
      sha,
      node_id: `C_${commitNo}`,
      commit: { message: `change ${commitNo}`, tree: { sha: tree, url: `${apiBase()}/git/trees/${tree}` } },
      parents: headSha ? [{ sha: headSha }] : [],
    });
    commits.set(sha, { tree, files, body, etag: `W/"${sha1(body)}"` });
    headSha = sha;
    return sha;
  };
  const headFiles = () => new Map(commits.get(headSha)!.files);

  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const apiBase = () => `${base}/api/repos/${owner}/${repo}`;

  const initial = new Map<string, Buffer>();
  for (const [path, bytes] of readFolder(options.docsDir)) initial.set(DOCS_PREFIX + path, bytes);
  // A picture and a page of another folder, as the real repository has: neither belongs in the copy.
  initial.set(`${DOCS_PREFIX}media/diagram.png`, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
  initial.set('security-docs/operations/index.md', Buffer.from('---\ntitle: Operations\n---\n# Operations\n'));
  const zeroTrust = (JSON.parse(readFileSync(options.redirectsFile, 'utf8')) as { redirections: Redirect[] }).redirections;
  initial.set(
    REDIRECTION_PATH,
    redirectionFile([
      ...zeroTrust,
      { source_path: 'security-docs/operations/old-page.md', redirect_url: '/security/operations/index', redirect_document_id: false },
    ]),
  );
  commit(initial);

  function faultFor(target: Logged['target'], file: string | undefined): Fault | undefined {
    return faults.find((f) => {
      if (f.type === 'truncated-listing') return false;
      if (typeof f.on === 'string') return f.on === target;
      return target === 'file' && (file === f.on.file || file === DOCS_PREFIX + f.on.file);
    });
  }

  function send(res: ServerResponse, log: Logged, status: number, body: Buffer | string, headers: Record<string, string>, fault: Fault | undefined): void {
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
    if (fault?.type === 'status') {
      log.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify({ message: `injected ${fault.status}` }));
      return;
    }
    log.status = status;
    if (fault?.type === 'short-body') {
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      res.writeHead(status, { ...headers, 'content-length': String(half.length) });
      res.end(half);
      return;
    }
    if (fault?.type === 'stall') {
      res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return; // never ends: the client's timeout has to
    }
    res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
    res.end(bytes);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', base);
    const log: Logged = { method: req.method ?? '', url: url.pathname + url.search, kind: 'other', target: 'other', status: 0 };
    if (typeof req.headers['if-none-match'] === 'string') log.ifNoneMatch = req.headers['if-none-match'];
    if (typeof req.headers.authorization === 'string') log.authorization = req.headers.authorization;
    requests.push(log);
    const notFound = () => send(res, log, 404, JSON.stringify({ message: 'Not Found' }), { 'content-type': 'application/json' }, undefined);
    const apiPrefix = `/api/repos/${owner}/${repo}/`;
    const rawPrefix = `/raw/${owner}/${repo}/`;
    const rate = { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '59', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) };

    if (url.pathname.startsWith(apiPrefix)) {
      log.kind = 'api';
      const rest = decodeURIComponent(url.pathname.slice(apiPrefix.length));
      if (rest.startsWith('commits/')) {
        log.target = 'commit';
        const ref = rest.slice('commits/'.length);
        const sha = ref === branch ? headSha : ref;
        const c = commits.get(sha);
        if (!c) return notFound();
        const fault = faultFor('commit', undefined);
        if (!fault && req.headers['if-none-match'] === c.etag) {
          log.status = 304;
          res.writeHead(304, { etag: c.etag, ...rate });
          res.end();
          return;
        }
        return send(res, log, 200, c.body, { 'content-type': 'application/json', etag: c.etag, ...rate }, fault);
      }
      if (rest.startsWith('git/trees/')) {
        log.target = 'tree';
        const sha = rest.slice('git/trees/'.length);
        const treeSha = trees.has(sha) ? sha : commits.get(sha)?.tree;
        if (!treeSha) return notFound();
        const recursive = url.searchParams.get('recursive') === '1';
        const entries: Record<string, unknown>[] = [];
        const walk = (t: string, prefix: string) => {
          for (const [name, n] of trees.get(t)!) {
            entries.push({
              path: prefix + name,
              mode: n.mode,
              type: n.type,
              sha: n.sha,
              ...(n.type === 'blob' ? { size: n.size } : {}),
              url: `${apiBase()}/git/${n.type}s/${n.sha}`,
            });
            if (recursive && n.type === 'tree') walk(n.sha, `${prefix}${name}/`);
          }
        };
        walk(treeSha, '');
        const truncated = recursive && faults.some((f) => f.type === 'truncated-listing');
        const body = {
          sha: treeSha,
          url: `${apiBase()}/git/trees/${treeSha}`,
          tree: truncated ? entries.slice(0, Math.ceil(entries.length / 2)) : entries,
          truncated,
        };
        const json = JSON.stringify(body);
        return send(res, log, 200, json, { 'content-type': 'application/json', etag: `W/"${sha1(json)}"`, ...rate }, faultFor('tree', undefined));
      }
      return notFound();
    }

    if (url.pathname.startsWith(rawPrefix)) {
      log.kind = 'raw';
      log.target = 'file';
      const rest = url.pathname.slice(rawPrefix.length).split('/').map(decodeURIComponent);
      const ref = rest[0] ?? '';
      const path = rest.slice(1).join('/');
      log.file = path;
      const c = commits.get(ref === branch ? headSha : ref);
      const bytes = c?.files.get(path);
      if (!bytes) return notFound();
      return send(res, log, 200, bytes, { 'content-type': 'text/plain; charset=utf-8', etag: `"${sha1(bytes)}"` }, faultFor('file', path));
    }
    return notFound();
  }

  return {
    sourceUrl: apiBase(),
    rawUrl: `${base}/raw/${owner}/${repo}`,
    owner,
    repo,
    branch,
    head: () => headSha,
    requests,
    resetLog: () => void requests.splice(0),
    inject: (fault) => void faults.push(fault),
    clearFaults: () => void (faults = []),
    setFile(path, content) {
      const files = headFiles();
      files.set(DOCS_PREFIX + path, Buffer.isBuffer(content) ? content : Buffer.from(content));
      return commit(files);
    },
    removeFile(path) {
      const files = headFiles();
      if (!files.delete(DOCS_PREFIX + path)) throw new Error(`no such file: ${path}`);
      return commit(files);
    },
    addRedirect(entry) {
      const files = headFiles();
      const doc = JSON.parse(files.get(REDIRECTION_PATH)!.toString('utf8')) as { redirections: Redirect[] };
      files.set(REDIRECTION_PATH, redirectionFile([...doc.redirections, entry]));
      return commit(files);
    },
    touchOutside() {
      const files = headFiles();
      files.set('security-docs/operations/index.md', Buffer.from(`---\ntitle: Operations\n---\n# Operations ${commitNo}\n`));
      return commit(files);
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
