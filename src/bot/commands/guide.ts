// The commands that show the guidance: help, roles, pillars, RaMP, Azure, about. An entry of the command
// table (see ../command-spec.ts): its words, phrases, help lines, entry in Teams' command menu, and what it does.
import { PILLAR_WALKTHROUGH, ROLE_ONBOARDING } from '../../dialogs/ids.js';
import { findPillar, findRampStep, findRole } from '../../knowledge/lookup.js';
import { commandTable } from '../command-spec.js';
import { where } from '../turn.js';

export const GUIDE_COMMANDS = commandTable([
  {
    name: 'help',
    words: ['help', 'commands', 'menu', '?'],
    args: 'none',
    phrases: [
      /^what (?:can|do) you do$/,
      /^what can i (?:ask|do|type)(?: you| here)?$/,
      /^how (?:does this|do i use (?:this|you)|can you help(?: me)?)$/,
      /^(?:what are )?(?:your|the) (?:commands|options)$/,
    ],
    help: [{ usage: 'help', what: 'This list' }],
    manifest: { title: 'help', description: 'What I can do and how to ask' },
    run: ({ send, context, deps }) => send(deps.cards.help(where(context))),
  },
  {
    name: 'roles',
    words: ['roles', 'role', 'onboarding', 'onboard'],
    args: 'optional',
    phrases: [/^(?:what|which) roles?(?: are there| do you know)?$/, /^(?:choose|pick|select|set) (?:a |my )?role$/],
    help: [
      { usage: 'roles', what: 'Pick your role and get its reading list' },
      { usage: 'role …', what: 'One role, e.g. “role security architect”' },
    ],
    manifest: { title: 'roles', description: 'Pick your role and get its reading list' },
    run: async (turn, args) => {
      if (args && !findRole(turn.deps.knowledge.catalog, args)) return turn.answer(args);
      await (await turn.dialogs()).beginDialog(ROLE_ONBOARDING, args ? { role: args } : {});
    },
  },
  {
    name: 'pillars',
    words: ['pillars', 'walkthrough'],
    args: 'none',
    phrases: [/^(?:what are )?(?:the )?(?:seven |7 )?(?:zero trust )?(?:technology )?pillars$/, /^walk me through the pillars$/],
    help: [{ usage: 'pillars', what: 'The three principles and the seven technology pillars' }],
    manifest: { title: 'pillars', description: 'The three principles and seven pillars' },
    run: async (turn) => {
      await (await turn.dialogs()).beginDialog(PILLAR_WALKTHROUGH, {});
    },
  },
  {
    name: 'pillar',
    words: ['pillar'],
    args: 'required',
    phrases: [/^(?:the )?(\w+) pillar$/],
    help: [{ usage: 'pillar …', what: 'One pillar and its deployment objectives, e.g. “pillar identity”' }],
    manifest: { title: 'pillar', description: 'pillar <name>: one pillar and its objectives, step by step' },
    run: async (turn, args) => {
      // "pillar identity 2" (an objective button) opens that objective directly.
      const m = /^(.*?)\s+(\d+)$/.exec(args);
      const pillar = findPillar(turn.deps.knowledge.catalog, m ? m[1]! : args);
      if (!pillar) return turn.answer(args);
      await (await turn.dialogs()).beginDialog(PILLAR_WALKTHROUGH, { pillar: pillar.id, ...(m ? { objective: Number(m[2]) } : {}) });
    },
  },
  {
    name: 'ramp',
    words: ['ramp', 'rapid modernization plan'],
    args: 'optional',
    phrases: [/^(?:the )?ramp steps?$/, /^rapid modernization plan$/],
    help: [
      { usage: 'ramp', what: 'The Rapid Modernization Plan: initiatives and steps' },
      { usage: 'ramp 1–6', what: 'One RaMP step, e.g. “ramp 2”' },
    ],
    manifest: { title: 'ramp', description: 'ramp [step]: Rapid Modernization Plan initiatives and steps' },
    run: async (turn, args) => {
      if (!args) return turn.send(turn.deps.cards.ramp());
      const ref = findRampStep(turn.deps.knowledge.catalog, args);
      if (!ref) return turn.answer(`ramp ${args}`);
      return turn.send(turn.deps.cards.rampStep(ref));
    },
  },
  {
    name: 'azure',
    words: ['azure'],
    args: 'none',
    phrases: [/^azure services?$/],
    help: [{ usage: 'azure', what: 'Zero Trust for Azure services' }],
    manifest: { title: 'azure', description: 'Zero Trust guidance for Azure services' },
    run: ({ send, deps }) => send(deps.cards.azure()),
  },
  {
    name: 'about',
    words: ['about', 'version', 'licence', 'license', 'source'],
    args: 'none',
    phrases: [
      /^(?:who|what) are you$/,
      /^about (?:this|the|you) bot$/,
      /^who (?:made|built|wrote) you$/,
      /^where (?:does|do) (?:your|the) (?:answers|information|content) come from$/,
    ],
    help: [{ usage: 'about', what: 'Sources, licence and version' }],
    manifest: { title: 'about', description: 'Sources, licence and version' },
    run: ({ send, deps }) => send(deps.cards.about()),
  },
]);
