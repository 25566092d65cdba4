// What the checklist commands do (their entries are in the command table, ../commands/checklist.ts): post
// a checklist, show the team's progress, export it.
import { checklistCards, progressCard } from '../../cards/checklist.js';
import { exportCsv, exportMarkdown } from '../../checklist/progress.js';
import { findChecklist } from '../../knowledge/lookup.js';
import { cardMessage } from '../replies.js';
import { type Turn, scopeOf } from '../turn.js';
import { rememberPosted } from './checklist-messages.js';

/**
 * "checklist ransomware": the checklist's cards, with the team's progress; an unknown name lists them. The
 * cards are remembered, so a change on any of them updates them all.
 */
export async function postChecklist({ context, deps, say }: Turn, args: string): Promise<void> {
  const catalog = deps.knowledge.catalog;
  const list = args ? findChecklist(catalog, args) : undefined;
  if (!list) {
    const names = catalog.checklists.map((l) => `"checklist ${l.aliases[0] ?? l.id}" (${l.title})`).join(', ');
    return say(`${args ? `I have no RaMP checklist for "${args}". ` : ''}Post one with ${names}.`);
  }
  const progress = await deps.checklists.progress(scopeOf(context));
  const cards = checklistCards(list, progress, catalog, { userIds: deps.checklists.recentUsers(progress) });
  const ids: (string | undefined)[] = [];
  for (const card of cards) ids.push((await context.sendActivity(cardMessage(card)))?.id);
  await rememberPosted(deps.checklists, deps.log, list, cards, ids, context.activity.conversation.id);
}

/** "progress": how far the team is with each checklist, and the latest changes. */
export async function showProgress({ context, deps, send }: Turn): Promise<void> {
  await send(progressCard(await deps.checklists.progress(scopeOf(context)), deps.knowledge.catalog));
}

/** "export": the team's progress as Markdown and as CSV. */
export async function exportProgress({ context, deps, say }: Turn): Promise<void> {
  const catalog = deps.knowledge.catalog;
  const progress = await deps.checklists.progress(scopeOf(context));
  await say(exportMarkdown(progress, catalog));
  await say(`CSV (paste into a spreadsheet):\n\n\`\`\`\n${exportCsv(progress, catalog)}\`\`\``);
}
