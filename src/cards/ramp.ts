// RaMP cards: the plan with its initiatives and numbered steps, and one step with its areas and checklist.
// RaMP was retired upstream (Feb 2025) but its structure is still the clearest order of work, so the cards
// keep it, link every step to the page that is live now, and say so.
import type { Catalog } from '../knowledge/content-loader.js';
import { type StepRef, rampSteps } from '../knowledge/lookup.js';
import type { RampStep } from '../knowledge/schema.js';
import { clip, freshness, live, md, plural, readableDate, sourceLine } from './common.js';
import { type Card, expandCard } from './templates.js';

/** "ramp 2" for numbered steps; the as-needed initiatives' areas have no number, so their id. */
export function rampStepAction(step: RampStep): string {
  return step.number ? `ramp ${step.number}` : `ramp ${step.id}`;
}

/** Button title of a step. */
export function rampStepTitle(step: RampStep): string {
  return clip(step.number ? `Step ${step.number}: ${step.name}` : step.name, 80);
}

/** One sentence that explains, on cards listing RaMP steps, why the links lead to other pages. */
export function rampRetiredNote(catalog: Catalog): string {
  return (
    `The RaMP articles were retired upstream on ${readableDate(catalog.ramp.retired)}; ` +
    `each step links to the page that replaced it. Our summaries are from the docs snapshot of ${readableDate(catalog.ramp.snapshot)}.`
  );
}

export function rampCard(catalog: Catalog): Card {
  const r = catalog.ramp;
  const link = live(r.overview.url, catalog);
  const fresh = freshness({ kind: 'ramp', ...link }, catalog);
  return expandCard('ramp', {
    title: md(r.overview.title),
    summary: md(r.overview.summary),
    freshness: fresh,
    freshnessStyle: fresh.retired ? 'warning' : 'emphasis',
    initiatives: r.initiatives.map((i) => ({
      name: md(i.name),
      priority: i.priority === 'top' ? 'Top priority' : 'As needed',
      steps: i.steps.map((s) => ({ title: rampStepTitle(s), action: rampStepAction(s) })),
    })),
    url: link.url,
    sourceLine: sourceLine(link.url),
  });
}

/** The step after this one: the next number for numbered steps, the next area of the same initiative otherwise. */
function nextStep(ref: StepRef, catalog: Catalog): RampStep | undefined {
  const { step, initiative } = ref;
  if (step.number) return rampSteps(catalog).find((r) => r.step.number === step.number! + 1)?.step;
  const i = initiative.steps.findIndex((s) => s.id === step.id);
  return initiative.steps[i + 1];
}

export function rampStepCard(ref: StepRef, catalog: Catalog): Card {
  const { step, initiative } = ref;
  const link = live(step.url ?? initiative.url ?? catalog.ramp.overview.url, catalog);
  const fresh = freshness({ kind: 'ramp-step', ...link, date: catalog.ramp.snapshot }, catalog);
  const list = catalog.checklists.find((l) => (step.checklist ? l.id === step.checklist : l.step === step.id));
  const items = list?.areas.reduce((n, a) => n + a.items.length, 0) ?? 0;
  const next = nextStep(ref, catalog);
  return expandCard('ramp-step', {
    eyebrow: md(`${step.number ? `RaMP step ${step.number}` : 'RaMP'} · ${initiative.name}`),
    name: md(step.name),
    summary: md(step.summary),
    areas: step.areas.map((a) => ({ name: md(a.name), summary: md(a.summary) })),
    checklist: list ? `**Checklist:** ${plural(items, 'item')} in ${plural(list.areas.length, 'area')}, each with an owner role.` : '',
    freshness: fresh,
    freshnessStyle: fresh.retired ? 'warning' : 'emphasis',
    url: link.url,
    nextAction: next ? rampStepAction(next) : '',
    sourceLine: sourceLine(link.url),
  });
}
