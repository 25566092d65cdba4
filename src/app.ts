// Wiring, in order: knowledge -> storage -> adapter -> bot -> server. The server listens first and
// answers 503 until the knowledge base has loaded, so a platform's health probe sees it come up.
import { join } from 'node:path';
import { UserState } from 'botbuilder';
import { createAdapter, isMessage } from './bot/adapter.js';
import { messageProcessor } from './bot/process.js';
import { localeLinks } from './bot/locale-links.js';
import { DialogConversationState } from './bot/dialog-state.js';
import { ZeroTrustBot } from './bot/bot.js';
import { createBotCards } from './cards/bot-cards.js';
import { loadTemplating } from './cards/templates.js';
import type { Config } from './config.js';
import { type DocsSource, type Knowledge, knowledgeFrom, rebuildKnowledge } from './knowledge/index.js';
import { loadCatalog } from './knowledge/content-loader.js';
import { type DocsRefresh, readSyncedRedirects, startDocsRefresh } from './knowledge/docs-refresh.js';
import type { SyncResult } from './knowledge/docs-sync.js';
import { type CurrentDocs, currentDocs } from './knowledge/synced-docs.js';
import type { Log } from './log.js';
import { type BotServer, createServer } from './server.js';
import { fileFeedbackLog } from './storage/feedback.js';
import { cardMessage, sendCard } from './bot/replies.js';
import type { ExternalApi } from './api.js';
import { externalApi } from './bot/external-api.js';
import { ConversationSender, NotInConversationError } from './bot/sender.js';
import { stateStorage } from './bot/state-storage.js';
import { type ChecklistService, checklistService } from './checklist/service.js';
import { createStore, isStoreUnavailable, storeSettings } from './storage/index.js';
import { STORE_UNAVAILABLE_MESSAGE } from './cards/info.js';
import { type StoredReference, referenceStore } from './storage/references.js';
import { voteStore } from './storage/votes.js';
import { type Insights, createInsights } from './insights/index.js';
import { type Taught, createTaught } from './insights/taught.js';
import { insightsStore } from './storage/insights.js';
import { digestStore } from './storage/digests.js';
import { type Scheduler, createScheduler } from './schedule/scheduler.js';
import { digestJobs } from './schedule/digest-job.js';
import { adminDigestJob } from './schedule/admin-digest-job.js';

export type RunningApp = {
  server: BotServer;
  port: number;
  ready: Promise<Knowledge>;
  /** With DOCS_REFRESH_HOURS on (and no ZT_DOCS_DIR): sync today's docs now, and swap them in when new. */
  syncDocsNow(): Promise<SyncResult | undefined>;
  /** Reads the docs again (ZT_DOCS_DIR, or the synced copy) and swaps the new index in: SIGHUP does this. */
  reloadDocs(): Promise<void>;
  /** What went wrong, recorded for the admins (its records are swept from the start). */
  insights: Insights;
  /** The phrases taught in Teams, as this instance applies them. */
  taught: Taught;
  /** The weekly jobs (digests, reminders, the admin digest); set once loaded. */
  scheduler(): Promise<Scheduler>;
  stop(): Promise<void>;
};

export type AppOptions = {
  /** What time it is for the scheduler and the commands that schedule: tests move it to run weeks in seconds. */
  clock?: () => Date;
};

/** The synced copy as a docs source: its folder, its redirects, and when it was fetched. */
const syncedSource = (copy: CurrentDocs): DocsSource => ({
  dir: copy.dir,
  redirects: readSyncedRedirects(copy.redirectsFile),
  status: { source: 'synced', syncedAt: copy.syncedAt, commit: copy.commit },
});

/** ZT_DOCS_DIR wins; otherwise the last synced copy (also when offline); otherwise the catalog alone. */
function docsSource(config: Config): DocsSource {
  if (config.docsDir) return { dir: config.docsDir, status: { source: 'checkout' } };
  const copy = currentDocs(config.dataDir);
  return copy ? syncedSource(copy) : { status: { source: 'none' } };
}

export async function startApp(config: Config, log: Log, { clock = () => new Date() }: AppOptions = {}): Promise<RunningApp> {
  let bot: ZeroTrustBot | undefined;
  let knowledge: Knowledge | undefined;
  let refresh: DocsRefresh | undefined;
  /** Builds the knowledge over a docs source between turns and swaps it in (set once loaded). */
  let swapIn: ((source: DocsSource) => Promise<void>) | undefined;
  let api: ExternalApi | undefined;
  let scheduler: Scheduler | undefined;
  const store = await createStore(storeSettings(config));
  const references = referenceStore(store);
  const digests = digestStore(store);
  const storage = stateStorage(store);
  // Expired records are deleted now and daily, also with INSIGHTS=off (what was kept still expires).
  const insights = createInsights(store, { ...config.insights, log });
  insights.start();
  // Taught phrases: read now, then their record's eTag looked at every TAUGHT_REFRESH_SECONDS.
  const salt = insightsStore(store, config.insights.salt);
  const taught = createTaught(store, { refreshSeconds: config.taughtRefreshSeconds, salt: () => salt.salt(), log });
  void taught.start();
  const adapter = createAdapter(config.bot, log, async (context, correlationId, error) => {
    const storeDown = isStoreUnavailable(error);
    // Drop this user's dialog, so the next message starts clean: not when the store is what failed, and
    // never for longer than a storage call may take (STORE_TIMEOUT_MS).
    if (bot && !storeDown) await bot.clearDialog(context).catch((err: Error) => log.warn('turn.clear-dialog.failed', { correlationId, message: err.message }));
    // The reply has nothing in it from storage: when the store is what failed, the user still hears back.
    // Only a message deserves a reply: an error card for a failed install or card refresh would spam a channel.
    if (isMessage(context) && knowledge) {
      await sendCard(context, createBotCards(knowledge.catalog).error(correlationId, storeDown ? STORE_UNAVAILABLE_MESSAGE : undefined));
    }
  });

  adapter.use(localeLinks);
  const processMessage = messageProcessor(adapter, log, { loopbackOnly: config.localMode });
  const server = createServer({
    config,
    log,
    probe: async () => ({ store: (await store.probe()) ? 'ok' : 'unavailable', ...(store.status.ok ? {} : { storeProblemSince: store.status.since }) }),
    health: () => ({
      ready: !!bot,
      details: knowledge
        ? {
            entries: knowledge.entries.length,
            pillars: knowledge.catalog.pillars.length,
            rampSteps: knowledge.catalog.ramp.initiatives.reduce((n, i) => n + i.steps.length, 0),
            checklists: knowledge.catalog.checklists.length,
            roles: knowledge.catalog.roles.length,
            articles: knowledge.catalog.articles.articles.length,
            docsArticles: knowledge.docsArticles,
            docs: {
              ...knowledge.docs,
              ...(refresh?.last() ? { lastSync: refresh.last() } : {}),
            },
          }
        : {},
    }),
    messages: (req, res) => processMessage(req, res, (context) => bot!.run(context)),
    ...(config.notifyApiKey
      ? {
          api: {
            key: config.notifyApiKey,
            // Routes exist from the start; they answer 503 until loaded (the server checks health first).
            handlers: {
              notify: (id, list) => api!.notify(id, list),
              conversations: () => api!.conversations(),
              progress: (id, format) => api!.progress(id, format),
            },
          },
        }
      : {}),
  });
  const { port } = await server.listen(config.port, config.host);
  log.info('server.listening', { port, localMode: config.localMode });

  /** The team digests asked for in conversations, and the admins' digest when ADMIN_CONVERSATION_ID is set. */
  const scheduledJobs = ({ sender, checklists }: { sender: ConversationSender; checklists: ChecklistService }) => {
    const post = (ref: StoredReference, activities: Parameters<ConversationSender['post']>[1]) => sender.post(ref, activities);
    const isGone = (err: unknown) => err instanceof NotInConversationError;
    const teams = digestJobs({ store, digests, checklists, catalog: () => knowledge!.catalog, references, post, isGone, cardMessage, log });
    const { conversationId, weekly } = config.adminDigest;
    const admin = conversationId
      ? adminDigestJob({ conversationId, weekly, references, insights, taught, knowledge: () => knowledge!, post, cardMessage, log })
      : undefined;
    return async () => [...(await teams()), ...(admin ? [admin] : [])];
  };

  const ready = new Promise<Knowledge>((ok, fail) =>
    setImmediate(() => {
      try {
        const started = Date.now();
        const catalog = loadCatalog(config.contentDir);
        knowledge = knowledgeFrom(catalog, docsSource(config), { searchCacheSize: config.searchCacheSize, taught: taught.set });
        for (const w of knowledge.warnings) log.warn('docs.skipped', { warning: w });
        const checklists = checklistService(store, knowledge.catalog, { log });
        const sender = new ConversationSender(adapter, config.bot.MicrosoftAppId, references, log);
        api = externalApi({ catalog: knowledge.catalog, checklists, references, sender, log });
        const cardsFor = (k: Knowledge) => createBotCards(k.catalog, { answerCacheSize: config.searchCacheSize, docs: k.docs });
        swapIn = async (next: DocsSource) => {
          const started = Date.now();
          const built = await rebuildKnowledge(catalog, next, { searchCacheSize: config.searchCacheSize, taught: taught.set });
          // Swapped in with its sections read, as the knowledge it replaces has them by now.
          await built.readDocs();
          knowledge = built;
          bot?.useKnowledge(built, cardsFor(built));
          log.info('knowledge.swapped', { entries: built.entries.length, docsArticles: built.docsArticles, docs: built.docs, ms: Date.now() - started });
        };
        bot = new ZeroTrustBot({
          knowledge,
          checklists,
          references,
          cards: cardsFor(knowledge),
          privateConversationState: new DialogConversationState(storage),
          userState: new UserState(storage),
          feedback: fileFeedbackLog(join(config.dataDir, 'feedback.jsonl')),
          votes: voteStore(store),
          insights,
          taught,
          admins: new Set(config.adminIds),
          digests,
          clock,
          log,
        });
        scheduler = createScheduler({
          store,
          clock,
          tickSeconds: config.scheduleTickSeconds,
          log: log.child?.({ component: 'schedule' }) ?? log,
          jobs: scheduledJobs({ sender, checklists }),
        });
        scheduler.start();
        // Today's docs on a schedule: a new copy is read and indexed between turns, then swapped in;
        // turns already running finish with the knowledge they started with.
        if (!config.docsDir && config.docsRefreshHours > 0) {
          refresh = startDocsRefresh({
            dataDir: config.dataDir,
            sourceUrl: config.docsSourceUrl,
            rawUrl: config.docsRawUrl,
            branch: config.docsBranch,
            ...(config.docsToken ? { token: config.docsToken } : {}),
            hours: config.docsRefreshHours,
            log,
            onNewCopy: async (copy) => swapIn?.(syncedSource(copy)),
          });
        }
        log.info('knowledge.loaded', { entries: knowledge.entries.length, docsArticles: knowledge.docsArticles, ms: Date.now() - started });
        ok(knowledge);
        // Healthy now; what the first questions would wait for is loaded next, before they come.
        setImmediate(() => {
          knowledge?.warmUp();
          loadTemplating();
          const reading = Date.now();
          const read = knowledge;
          if (read?.docsArticles) {
            read.readDocs().then(
              () => log.info('docs.sections.read', { docsArticles: read.docsArticles, ms: Date.now() - reading }),
              (err: Error) => log.warn('docs.sections.read.failed', { message: err.message }),
            );
          }
        });
      } catch (err) {
        fail(err);
      }
    }),
  );
  return {
    server,
    port,
    ready,
    syncDocsNow: async () => {
      await ready;
      return refresh?.syncNow();
    },
    reloadDocs: async () => {
      await ready;
      await swapIn?.(docsSource(config));
    },
    insights,
    taught,
    scheduler: async () => {
      await ready;
      return scheduler!;
    },
    stop: async () => {
      refresh?.stop();
      await scheduler?.stop();
      taught.stop();
      await server.close();
      // After the last turn: what it recorded is written before the process goes.
      await insights.stop();
    },
  };
}
