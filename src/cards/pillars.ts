// The pillar walkthrough's cards: the seven pillars with the three principles, one pillar with its
// deployment objectives, and one objective at a time with back / next / done.
import type { Catalog } from '../knowledge/content-loader.js';
import type { Objective, Pillar } from '../knowledge/schema.js';
import { docsPathToUrl } from '../knowledge/urls.js';
import { clip, live, md, mdLink, sourceLine } from './common.js';
import { type Card, expandCard } from './templates.js';

/** The Learn page that introduces deployment across the pillars. */
export const PILLARS_URL = docsPathToUrl('deploy/overview');

/**
 * Button data of one objective: its 1-based position ("2"). The pillar card is shown as the walkthrough
 * dialog's prompt, which reads a number as the objective to open; a command here would end the dialog.
 */
export function objectiveAction(index: number): string {
  return String(index + 1);
}

/** "Walk me through" answers the same prompt: "next" from the pillar card opens the first objective. */
export const WALKTHROUGH_ACTION = 'next';

const STAGE_LABEL: Record<Objective['stage'], string> = {
  initial: 'Initial deployment objectives',
  additional: 'Additional deployment objectives',
};

export function pillarsCard(catalog: Catalog): Card {
  const url = live(PILLARS_URL, catalog).url;
  return expandCard('pillars', {
    principles: catalog.principles.map((p) => ({
      link: mdLink(p.name, live(p.url, catalog).url),
      summary: md(p.summary),
    })),
    pillars: catalog.pillars.map((p) => ({
      name: p.name,
      action: `pillar ${p.id}`,
      summary: md(p.summary),
    })),
    url,
    sourceLine: sourceLine(url),
  });
}

export function pillarCard(pillar: Pillar, catalog: Catalog): Card {
  const url = live(pillar.url, catalog).url;
  const stages = (['initial', 'additional'] as const)
    .map((stage) => ({
      label: STAGE_LABEL[stage],
      objectives: pillar.objectives
        .map((o, index) => ({ o, index }))
        .filter(({ o }) => o.stage === stage)
        .map(({ o, index }) => ({ number: o.number, title: md(clip(o.title, 200)), action: objectiveAction(index) })),
    }))
    .filter((s) => s.objectives.length > 0);
  return expandCard('pillar', {
    name: md(pillar.name),
    summary: md(pillar.summary),
    stages,
    url,
    walkthroughAction: WALKTHROUGH_ACTION,
    sourceLine: sourceLine(url),
  });
}

/** Objective `index` (0-based, in the pillar's order) with its place in the walkthrough. */
export function objectiveCard(pillar: Pillar, index: number, catalog: Catalog): Card {
  const objective = pillar.objectives[index];
  if (!objective) throw new RangeError(`pillar "${pillar.id}" has no objective ${index + 1}`);
  const base = live(pillar.url, catalog).url.split('#')[0]!;
  const url = objective.anchor ? `${base}#${objective.anchor}` : base;
  const total = pillar.objectives.length;
  return expandCard('objective', {
    pillarName: md(pillar.name),
    position: `${index + 1} of ${total}`,
    title: md(objective.title),
    stageLabel: `${objective.stage === 'initial' ? 'Initial' : 'Additional'} deployment objective ${objective.number}`,
    summary: md(objective.summary),
    hasBack: index > 0,
    hasNext: index < total - 1,
    url,
    sourceLine: sourceLine(url),
  });
}
