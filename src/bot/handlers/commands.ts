// What each command does, declared by name: the command table (../commands.ts) says how people type them,
// this says what happens. A command the table has and this lacks does not compile.
import { checklistCards, progressCard } from '../../cards/checklist.js';
import { exportCsv, exportMarkdown } from '../../checklist/progress.js';
import { PILLAR_WALKTHROUGH, ROLE_ONBOARDING } from '../../dialogs/ids.js';
import { sendCard } from '../replies.js';
import { findChecklist, findPillar, findRampStep, findRole } from '../../knowledge/lookup.js';
import type { CommandName } from '../commands.js';
import { type Turn, scopeOf, where } from '../turn.js';

export const COMMAND_HANDLERS: Record<CommandName, (turn: Turn, args: string) => Promise<void>> = {
  help: ({ context, deps }) => sendCard(context, deps.cards.help(where(context))),
  about: ({ context, deps }) => sendCard(context, deps.cards.about()),
  azure: ({ context, deps }) => sendCard(context, deps.cards.azure()),

  roles: async (turn, args) => {
    if (args && !findRole(turn.deps.knowledge.catalog, args)) return turn.answer(args);
    await (await turn.dialogs()).beginDialog(ROLE_ONBOARDING, args ? { role: args } : {});
  },

  pillars: async (turn) => {
    await (await turn.dialogs()).beginDialog(PILLAR_WALKTHROUGH, {});
  },

  pillar: async (turn, args) => {
    // "pillar identity 2" (an objective button) opens that objective directly.
    const m = /^(.*?)\s+(\d+)$/.exec(args);
    const pillar = findPillar(turn.deps.knowledge.catalog, m ? m[1]! : args);
    if (!pillar) return turn.answer(args);
    await (await turn.dialogs()).beginDialog(PILLAR_WALKTHROUGH, { pillar: pillar.id, ...(m ? { objective: Number(m[2]) } : {}) });
  },

  checklist: async ({ context, deps }, args) => {
    const catalog = deps.knowledge.catalog;
    const list = args ? findChecklist(catalog, args) : undefined;
    if (!list) {
      const names = catalog.checklists.map((l) => `"checklist ${l.aliases[0] ?? l.id}" (${l.title})`).join(', ');
      return void (await context.sendActivity(`${args ? `I have no RaMP checklist for "${args}". ` : ''}Post one with ${names}.`));
    }
    const progress = await deps.checklists.progress(scopeOf(context));
    for (const card of checklistCards(list, progress, catalog, { userIds: deps.checklists.recentUsers(progress) })) await sendCard(context, card);
  },

  progress: async ({ context, deps }) => sendCard(context, progressCard(await deps.checklists.progress(scopeOf(context)), deps.knowledge.catalog)),

  export: async ({ context, deps }) => {
    const catalog = deps.knowledge.catalog;
    const progress = await deps.checklists.progress(scopeOf(context));
    await context.sendActivity({ type: 'message', textFormat: 'markdown', text: exportMarkdown(progress, catalog) });
    await context.sendActivity({ type: 'message', textFormat: 'markdown', text: `CSV (paste into a spreadsheet):\n\n\`\`\`\n${exportCsv(progress, catalog)}\`\`\`` });
  },

  ramp: async (turn, args) => {
    const { context, deps } = turn;
    if (!args) return sendCard(context, deps.cards.ramp());
    const ref = findRampStep(deps.knowledge.catalog, args);
    if (!ref) return turn.answer(`ramp ${args}`);
    return sendCard(context, deps.cards.rampStep(ref));
  },
};
