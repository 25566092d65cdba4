// Where `npm run docs:sync` keeps its copy of Microsoft's Zero Trust docs, and how the bot finds the copy
// in use. The layout under DATA_DIR/docs:
//
//   current.json              the pointer: which version folder is the good copy (replaced by rename only)
//   <version>/manifest.json   what the copy holds: commit, source, every file's git blob sha and size
//   <version>/redirects.json  the redirects of pages under security-docs/zero-trust/
//   <version>/zero-trust/     the files, shaped like a checkout of security-docs/zero-trust
//   .partial-<pid>-<id>/      a sync still being written; never pointed at, removed when the sync fails
//
// A reader only ever follows current.json, so it sees the old copy or the new one, never a mix.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DOCS_FOLDER = 'docs';
export const POINTER_FILE = 'current.json';
export const MANIFEST_FILE = 'manifest.json';
export const REDIRECTS_FILE = 'redirects.json';
export const ZERO_TRUST_FOLDER = 'zero-trust';
export const PARTIAL_PREFIX = '.partial-';
/** Version folders are named by the sync that wrote them: a timestamp and the commit, "20260504T101500Z-4f8843d2e9bc-1a2b". */
export const VERSION_NAME = /^\d{8}T\d{6}Z-[0-9a-f]{12}-[0-9a-f]{4}$/;

/** current.json: the copy in use and what is needed to ask cheaply whether it is still current. */
export type DocsPointer = {
  version: string;
  commit: string;
  /** When this copy was written. */
  syncedAt: string;
  /** When upstream was last seen to match this copy (a 304, or the same commit). */
  checkedAt: string;
  source: string;
  branch: string;
  /** ETag of the last commit answer from `source`, sent back as If-None-Match so "no change" costs a 304. */
  etag?: string;
  files: number;
};

export type FileEntry = { sha: string; size: number };

/** manifest.json inside a version folder. */
export type DocsManifest = {
  source: string;
  raw: string;
  branch: string;
  commit: string;
  syncedAt: string;
  /** Tree shas seen for this copy: an unchanged tree sha means an unchanged folder, so its listing is skipped. */
  trees: { securityDocs: string; zeroTrust: string };
  /** The repository's redirection file this copy's redirects.json was filtered from (absent upstream: undefined). */
  redirects: (FileEntry & { count: number }) | undefined;
  /** Path inside zero-trust/ -> git blob sha and size. */
  files: Record<string, FileEntry>;
};

export type CurrentDocs = {
  /** The zero-trust folder: hand it to loadDocs(). */
  dir: string;
  redirectsFile: string;
  syncedAt: string;
  commit: string;
  files: number;
  checkedAt: string;
};

export function docsRoot(dataDir: string): string {
  return join(dataDir, DOCS_FOLDER);
}

/** The pointer, or undefined when there is none or it does not read as one (a hand-edited file is not trusted). */
export function readPointer(dataDir: string): DocsPointer | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(docsRoot(dataDir), POINTER_FILE), 'utf8'));
  } catch {
    return undefined;
  }
  const p = raw as Partial<DocsPointer> | null;
  if (!p || typeof p !== 'object') return undefined;
  if (typeof p.version !== 'string' || !VERSION_NAME.test(p.version)) return undefined;
  if (typeof p.commit !== 'string' || typeof p.syncedAt !== 'string' || typeof p.files !== 'number') return undefined;
  return {
    version: p.version,
    commit: p.commit,
    syncedAt: p.syncedAt,
    checkedAt: typeof p.checkedAt === 'string' ? p.checkedAt : p.syncedAt,
    source: typeof p.source === 'string' ? p.source : '',
    branch: typeof p.branch === 'string' ? p.branch : '',
    ...(typeof p.etag === 'string' ? { etag: p.etag } : {}),
    files: p.files,
  };
}

export function readManifest(versionDir: string): DocsManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(versionDir, MANIFEST_FILE), 'utf8')) as DocsManifest;
    return m && typeof m === 'object' && m.files && typeof m.files === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The good copy the last successful sync left, or undefined when there is none yet. */
export function currentDocs(dataDir: string): CurrentDocs | undefined {
  const pointer = readPointer(dataDir);
  if (!pointer) return undefined;
  const version = join(docsRoot(dataDir), pointer.version);
  const dir = join(version, ZERO_TRUST_FOLDER);
  const redirectsFile = join(version, REDIRECTS_FILE);
  if (!existsSync(dir) || !existsSync(redirectsFile)) return undefined;
  return {
    dir,
    redirectsFile,
    syncedAt: pointer.syncedAt,
    commit: pointer.commit,
    files: pointer.files,
    checkedAt: pointer.checkedAt,
  };
}
