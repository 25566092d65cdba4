// A bot on botbuilder's TestAdapter, as Teams would talk to it, for conversation tests.
import { MemoryStorage, TestAdapter, UserState, type Activity } from 'botbuilder';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ZeroTrustBot } from '../../src/bot/bot.js';
import { DialogConversationState } from '../../src/bot/dialog-state.js';
import { createBotCards } from '../../src/cards/bot-cards.js';
import { type Knowledge, loadKnowledge } from '../../src/knowledge/index.js';
import { silentLog } from '../../src/log.js';
import { fileFeedbackLog } from '../../src/storage/feedback.js';
import { checklistService } from '../../src/checklist/service.js';
import { FileStore } from '../../src/storage/file-store.js';
import { referenceStore } from '../../src/storage/references.js';
import { cardText } from '../../src/testkit/fake-connector.js';

let shared: Knowledge | undefined;
export const knowledge = () => (shared ??= loadKnowledge({ contentDir: resolve(__dirname, '../../content'), searchCacheSize: 100 }));

export function teamsTestBot(scope: 'personal' | 'groupChat' | 'channel' = 'personal') {
  const storage = new MemoryStorage();
  const dir = mkdtempSync(join(tmpdir(), 'zt-bot-'));
  const feedbackFile = join(dir, 'feedback.jsonl');
  const store = new FileStore(join(dir, 'kv'));
  const bot = new ZeroTrustBot({
    knowledge: knowledge(),
    checklists: checklistService(store, knowledge().catalog),
    references: referenceStore(store),
    cards: createBotCards(knowledge().catalog, { answerCacheSize: 100 }),
    privateConversationState: new DialogConversationState(storage),
    userState: new UserState(storage),
    feedback: fileFeedbackLog(feedbackFile),
    log: silentLog,
  });
  // The template overrides every test message: Teams, one conversation. Who speaks is per message
  // (Alice unless a message says otherwise), so it is not part of the template.
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: 'msteams',
    serviceUrl: 'https://smba.example.invalid/',
    recipient: { id: '28:bot', name: 'Zero Trust Guide' },
    conversation: { id: `conv-${scope}`, conversationType: scope, isGroup: scope !== 'personal', name: scope },
  } as Partial<Activity>);
  adapter.conversation.user = { id: '29:alice', name: 'alice' };
  return { bot, adapter, storage, feedbackFile };
}

/** Text of a reply: its text, or the text of its Adaptive Card. */
export function said(a: Partial<Activity>): string {
  const cards = (a.attachments ?? []).map((x) => cardText(x.content)).join('\n');
  return [a.text ?? '', cards].filter(Boolean).join('\n');
}

export const firstCard = (a: Partial<Activity>) => a.attachments?.[0]?.content as any;

/** Every Action.Submit `action` of a card, in order. */
export function buttons(card: unknown): string[] {
  const out: string[] = [];
  const walk = (n: any) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      if (n.type === 'Action.Submit' && n.data && typeof n.data.action === 'string') out.push(n.data.action);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** A message from someone, as Teams sends it (optionally @mentioning the bot, or clicking a button). */
export function from(user: string, text: string, opts: { mention?: boolean; click?: boolean } = {}): Partial<Activity> {
  const who = { id: `29:${user}`, name: user };
  if (opts.click) return { type: 'message', from: who, value: { action: text } } as Partial<Activity>;
  const mention = '<at>Zero Trust Guide</at>';
  return {
    type: 'message',
    from: who,
    text: opts.mention ? `${mention} ${text}` : text,
    ...(opts.mention ? { entities: [{ type: 'mention', text: mention, mentioned: { id: '28:bot', name: 'Zero Trust Guide' } }] } : {}),
  } as Partial<Activity>;
}
