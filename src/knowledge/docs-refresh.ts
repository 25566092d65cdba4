// Keeps a running bot on today's docs: syncs on a schedule (DOCS_REFRESH_HOURS), and when a sync brings a
// new copy, hands it to `onNewCopy` (the app rebuilds its knowledge in the background and swaps it in).
// A failed sync changes nothing: the bot goes on with the copy it has, and the failure is logged. Each
// instance syncs its own DATA_DIR, so nothing depends on which of several instances syncs first.
import { readFileSync } from 'node:fs';
import type { Log } from '../log.js';
import { type SyncOptions, type SyncResult, syncDocs } from './docs-sync.js';
import { type CurrentDocs, currentDocs } from './synced-docs.js';
import { type RedirectEntry, buildRedirects } from './urls.js';

export type DocsRefreshOptions = Omit<SyncOptions, 'fetch'> & {
  hours: number;
  log: Log;
  onNewCopy: (docs: CurrentDocs) => Promise<void>;
  /** Wait before the first sync (default 10 s): start-up and the first questions come first. */
  firstDelayMs?: number;
  fetch?: typeof fetch;
};

export type DocsRefresh = {
  /** Syncs now (also between scheduled runs); resolves with what happened. */
  syncNow(): Promise<SyncResult>;
  /** The last sync's outcome, for /healthz. */
  last(): { at: string; ok: boolean; problem?: string } | undefined;
  stop(): void;
};

const HOUR_MS = 3_600_000;

export function startDocsRefresh(options: DocsRefreshOptions): DocsRefresh {
  const { hours, log, onNewCopy, firstDelayMs = 10_000, ...sync } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let last: { at: string; ok: boolean; problem?: string } | undefined;
  let running: Promise<SyncResult> | undefined;

  const run = async (): Promise<SyncResult> => {
    const result = await syncDocs(sync);
    last = { at: new Date().toISOString(), ok: result.ok, ...(result.ok ? {} : { problem: result.failure.message }) };
    if (!result.ok) {
      log.warn('docs.sync.failed', {
        kind: result.failure.kind,
        problem: result.failure.message,
        ...(result.failure.retryAt ? { retryAt: result.failure.retryAt } : {}),
        keptCommit: result.commit ?? null,
      });
      return result;
    }
    log.info('docs.sync.done', {
      changed: result.changed,
      commit: result.commit,
      downloaded: result.downloaded,
      kept: result.kept,
      removed: result.removed,
      requests: result.requests,
    });
    const current = result.changed ? currentDocs(sync.dataDir) : undefined;
    if (current && !stopped) {
      try {
        await onNewCopy(current);
      } catch (err) {
        // The new copy could not be read: the bot keeps answering from the knowledge it has.
        log.error('docs.swap.failed', { message: (err as Error).message });
      }
    }
    return result;
  };
  const syncNow = () => (running ??= run().finally(() => (running = undefined)));
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => void syncNow().finally(() => schedule(hours * HOUR_MS)), ms);
    // The schedule never keeps the process alive on its own.
    timer.unref();
  };
  if (hours > 0) schedule(firstDelayMs);
  return {
    syncNow,
    last: () => last,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** A synced copy's redirects.json as the catalog keeps redirects (published path -> live URL); none if unreadable. */
export function readSyncedRedirects(file: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { redirections?: RedirectEntry[] };
    return buildRedirects((parsed.redirections ?? []).filter((r) => typeof r?.source_path === 'string' && typeof r?.redirect_url === 'string'));
  } catch {
    return {};
  }
}
