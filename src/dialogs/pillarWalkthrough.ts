// Pillar walkthrough: choose a pillar -> its deployment objectives -> one objective at a time with
// next / back / done.
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotCards } from '../bot/cards.js';
import type { Catalog } from '../knowledge/content-loader.js';
import { bestMatch, findPillar } from '../knowledge/lookup.js';
import type { Pillar } from '../knowledge/schema.js';
import { normalise } from '../knowledge/text.js';
import { cardMessage } from '../bot/replies.js';
import { acceptAnyText, askUnlessGiven } from './replies.js';

export { PILLAR_WALKTHROUGH } from './ids.js';
import { PILLAR_WALKTHROUGH } from './ids.js';
const MAIN = `${PILLAR_WALKTHROUGH}.steps`;
const OBJECTIVE_LOOP = `${PILLAR_WALKTHROUGH}.objective`;
const PROMPT = `${PILLAR_WALKTHROUGH}.prompt`;

/** `objective` is 1-based, as people count and as the objective buttons send it. */
export type PillarWalkthroughOptions = { pillar?: string; objective?: number };
type LoopOptions = { pillar: string; index: number };

const NAV = { next: /^(next|continue|more|forward|n)$/, back: /^(back|previous|prev|b)$/, done: /^(done|stop|finish|exit|quit|end|cancel)$/ };
const values = (step: WaterfallStepContext) => step.values as Record<string, unknown>;

const navOf = (text: string) => {
  const t = normalise(text);
  return (Object.keys(NAV) as (keyof typeof NAV)[]).find((k) => NAV[k].test(t));
};

export class PillarWalkthroughDialog extends ComponentDialog {
  constructor(
    private readonly catalog: Catalog,
    private readonly cards: BotCards,
  ) {
    super(PILLAR_WALKTHROUGH);
    this.addDialog(new TextPrompt(PROMPT, acceptAnyText));
    this.addDialog(
      new WaterfallDialog(MAIN, [this.askPillar.bind(this), this.askObjective.bind(this), this.startObjectives.bind(this), this.finish.bind(this)]),
    );
    this.addDialog(new WaterfallDialog(OBJECTIVE_LOOP, [this.showObjective.bind(this), this.move.bind(this)]));
    this.initialDialogId = MAIN;
  }

  private pillar(id: string): Pillar {
    return this.catalog.pillars.find((p) => p.id === id)!;
  }

  private async askPillar(step: WaterfallStepContext) {
    return askUnlessGiven(step, PROMPT, (step.options as PillarWalkthroughOptions | undefined)?.pillar, this.cards.pillars());
  }

  private async askObjective(step: WaterfallStepContext) {
    const typed = String(step.result ?? '');
    const pillar = findPillar(this.catalog, typed);
    if (!pillar) return step.endDialog({ unrecognised: typed });
    values(step).pillar = pillar.id;
    const objective = (step.options as PillarWalkthroughOptions | undefined)?.objective;
    if (objective) return step.next(String(objective));
    return step.prompt(PROMPT, { prompt: cardMessage(this.cards.pillar(pillar)) });
  }

  /** The pillar card's buttons send an objective's number ("2") or id; people may type its title. */
  private async startObjectives(step: WaterfallStepContext) {
    const typed = String(step.result ?? '');
    const pillar = this.pillar(values(step).pillar as string);
    const nav = navOf(typed);
    if (nav === 'done') return step.endDialog({ pillar: pillar.id });
    let index = nav === 'next' ? 0 : -1;
    const n = /^\s*(?:objective\s*)?(\d+|[ivx]+)\s*$/i.exec(typed);
    if (n) index = /\d/.test(n[1]!) ? Number(n[1]) - 1 : pillar.objectives.findIndex((o) => o.number === n[1]!.toUpperCase());
    if (index < 0) {
      const o = bestMatch(
        typed,
        pillar.objectives.map((o) => ({ item: o, names: [o.id.replace(/-/g, ' '), o.title] })),
      );
      index = o ? pillar.objectives.indexOf(o) : -1;
    }
    if (index < 0 || index >= pillar.objectives.length) return step.endDialog({ unrecognised: typed });
    return step.beginDialog(OBJECTIVE_LOOP, { pillar: pillar.id, index } satisfies LoopOptions);
  }

  private async finish(step: WaterfallStepContext) {
    return step.endDialog(step.result);
  }

  private async showObjective(step: WaterfallStepContext) {
    const { pillar, index } = step.options as LoopOptions;
    values(step).loop = { pillar, index };
    return step.prompt(PROMPT, { prompt: cardMessage(this.cards.objective(this.pillar(pillar), index)) });
  }

  private async move(step: WaterfallStepContext) {
    const { pillar, index } = values(step).loop as LoopOptions;
    const typed = String(step.result ?? '');
    const nav = navOf(typed);
    const count = this.pillar(pillar).objectives.length;
    if (nav === 'next' && index + 1 < count) return step.replaceDialog(OBJECTIVE_LOOP, { pillar, index: index + 1 });
    if (nav === 'back' && index > 0) return step.replaceDialog(OBJECTIVE_LOOP, { pillar, index: index - 1 });
    if (nav === 'back') return step.replaceDialog(OBJECTIVE_LOOP, { pillar, index: 0 });
    if (nav === 'done' || (nav === 'next' && index + 1 >= count)) {
      await step.context.sendActivity(
        nav === 'next'
          ? `That was the last objective of the ${this.pillar(pillar).name} pillar. Type "pillars" to explore another one.`
          : `Done with the ${this.pillar(pillar).name} pillar. Type "pillars" any time to pick up again.`,
      );
      return step.endDialog({ pillar });
    }
    return step.endDialog({ unrecognised: typed });
  }
}
