// Wiring, in order: knowledge -> storage -> adapter -> bot -> server. The server listens first and
// answers 503 until the knowledge base has loaded, so a platform's health probe sees it come up.
import { join } from 'node:path';
import { MemoryStorage, PrivateConversationState, UserState, type Storage } from 'botbuilder';
import { createAdapter, isMessage } from './bot/adapter.js';
import { ZeroTrustBot } from './bot/bot.js';
import { createBotCards } from './cards/bot-cards.js';
import type { Config } from './config.js';
import { type Knowledge, loadKnowledge } from './knowledge/index.js';
import type { Log } from './log.js';
import { type BotServer, createServer } from './server.js';
import { fileFeedbackLog } from './storage/feedback.js';
import { sendCard } from './dialogs/replies.js';

export type RunningApp = { server: BotServer; port: number; ready: Promise<Knowledge>; stop(): Promise<void> };

export async function startApp(config: Config, log: Log, storage: Storage = new MemoryStorage()): Promise<RunningApp> {
  let bot: ZeroTrustBot | undefined;
  let knowledge: Knowledge | undefined;
  const adapter = createAdapter(config.bot, log, async (context, correlationId) => {
    if (bot) await bot.clearDialog(context);
    // Only a message deserves a reply: an error card for a failed install or card refresh would spam a channel.
    if (isMessage(context) && knowledge) await sendCard(context, createBotCards(knowledge.catalog).error(correlationId));
  });

  const server = createServer({
    config,
    log,
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
          }
        : {},
    }),
    messages: (req, res) => adapter.process(req, res, (context) => bot!.run(context)),
  });
  const { port } = await server.listen(config.port, config.host);
  log.info('server.listening', { port, localMode: config.localMode });

  const ready = new Promise<Knowledge>((ok, fail) =>
    setImmediate(() => {
      try {
        const started = Date.now();
        knowledge = loadKnowledge({ contentDir: config.contentDir, docsDir: config.docsDir });
        for (const w of knowledge.warnings) log.warn('docs.skipped', { warning: w });
        bot = new ZeroTrustBot({
          knowledge,
          cards: createBotCards(knowledge.catalog),
          privateConversationState: new PrivateConversationState(storage),
          userState: new UserState(storage),
          feedback: fileFeedbackLog(join(config.dataDir, 'feedback.jsonl')),
          log,
        });
        log.info('knowledge.loaded', { entries: knowledge.entries.length, docsArticles: knowledge.docsArticles, ms: Date.now() - started });
        ok(knowledge);
      } catch (err) {
        fail(err);
      }
    }),
  );
  return { server, port, ready, stop: () => server.close() };
}
