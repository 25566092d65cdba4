// `teach`, for the admins (ADMIN_IDS): map a phrase to a page of the guidance, list what was taught, remove a
// phrase. The phrases are kept in the store and applied to search at once here, within
// TAUGHT_REFRESH_SECONDS on every other instance (src/insights/taught.ts).
import { teachPickerCard } from '../../cards/teach.js';
import { md, mdLink, plural } from '../../cards/common.js';
import type { Entry } from '../../knowledge/index.js';
import { TaughtRefused } from '../../storage/taught.js';
import type { Turn } from '../turn.js';
import { senderId } from './insights.js';

const USAGE = [
  'Teach me which page a phrase should get:',
  '- `teach <phrase> => <Learn link>` or `teach <phrase> => <entry id>` (such as `pillar:identity`)',
  '- `teach <phrase> => <words>`: pick one of the top results for the words',
  '- `teach list`, `teach remove <phrase or number>`',
].join('\n');

/** Phrases per message of `teach list`. */
export const LIST_PAGE = 50;

/**
 * The command as typed, not as the parser normalised it ("=>", links and entry ids keep their punctuation):
 * without the bot's @mention (gone already), Teams' escaping of "<", ">" and "&", and the command word.
 */
export function teachArgs(text: string): string {
  return text
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/^\s*(?:(?:please|pls|can you|could you)\s+)*\S+\s*/i, '')
    .trim();
}

const isLink = (s: string) => /^https?:\/\//i.test(s);
const named = (entry: Entry) => `${mdLink(entry.title, entry.url)} (\`${entry.id}\`)`;

export async function teach(turn: Turn): Promise<void> {
  const { context, deps, say } = turn;
  const args = teachArgs(context.activity.text ?? '');
  const list = /^list(?:\s+(\d+))?$/i.exec(args);
  const remove = /^(?:remove|delete|forget)\s+(.+)$/i.exec(args);
  const arrow = args.indexOf('=>');
  // "teach me about conditional access" (or "reach ...", one letter off) is a question, not this command.
  if (args && !list && !remove && arrow < 0) return turn.answer(context.activity.text ?? '');
  const id = context.activity.from?.aadObjectId?.toLowerCase();
  if (!id || !deps.admins?.has(id)) return say('The teach command is for the admins of this bot.');
  if (!deps.taught) return say('Teaching is not set up on this bot.');
  if (list) return listTaught(turn, Number(list[1] ?? 1));
  if (remove) return removeTaught(turn, remove[1]!.trim());
  const phrase = arrow < 0 ? '' : args.slice(0, arrow).trim();
  const target =
    arrow < 0
      ? ''
      : args
          .slice(arrow + 2)
          .trim()
          .replace(/^<(.*)>$/, '$1');
  if (!phrase || !target) return say(USAGE);
  const { knowledge } = deps;
  const entry = knowledge.entry(target) ?? (isLink(target) ? knowledge.lookupUrl(target) : undefined);
  if (!entry) {
    if (isLink(target)) return say(`${md(target)} is not a page of the Zero Trust guidance that I know.`);
    const found = knowledge.search(target, { limit: 5, excerpt: false }).results;
    if (!found.length) return say(`I found no page for “${md(target)}”: try other words, a Learn link or an entry id.`);
    return turn.send(teachPickerCard(phrase, target, found));
  }
  try {
    const phrases = await deps.taught.teach(phrase, entry.id, senderId(context));
    await say(
      `Taught: questions with “${md(phrase)}” now get ${named(entry)} first. ` +
        `${plural(phrases.length, 'phrase')} taught; every instance of the bot applies it within a minute.`,
    );
  } catch (err) {
    if (err instanceof TaughtRefused) return say(err.message);
    throw err;
  }
}

async function listTaught({ deps, say }: Turn, page: number): Promise<void> {
  const phrases = await deps.taught!.list();
  if (!phrases.length) return say('Nothing is taught yet. Teach a phrase with `teach <phrase> => <page>`.');
  const pages = Math.ceil(phrases.length / LIST_PAGE);
  const p = Math.min(Math.max(1, page), pages);
  const lines = phrases.slice((p - 1) * LIST_PAGE, p * LIST_PAGE).map((t, i) => {
    const entry = deps.knowledge.entry(t.entry);
    return `${(p - 1) * LIST_PAGE + i + 1}. “${md(t.phrase)}” → ${entry ? named(entry) : `\`${t.entry}\` (not in today's guidance)`}`;
  });
  const more = p < pages ? `\n\nMore: \`teach list ${p + 1}\`` : '';
  await say(`Taught phrases (${phrases.length}${pages > 1 ? `, page ${p} of ${pages}` : ''}):\n\n${lines.join('\n')}${more}`);
}

async function removeTaught({ deps, say }: Turn, what: string): Promise<void> {
  const n = /^#?(\d+)$/.exec(what);
  const removed = await deps.taught!.remove(n ? Number(n[1]) : what);
  if (!removed) return say(`No taught phrase “${md(what)}”: \`teach list\` shows them with their numbers.`);
  await say(`Removed “${md(removed.phrase)}” (it led to \`${removed.entry}\`).`);
}
