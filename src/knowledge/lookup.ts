// Finds one named thing of the catalog (a role, a pillar, a RaMP step, a checklist) from what a user typed:
// an id, a name, an alias, a number, or any of those with a typo.
import type { Catalog } from './content-loader.js';
import type { Checklist, Pillar, RampInitiative, RampStep, Role } from './schema.js';
import { STOPWORDS, editDistance, normalise, stem } from './text.js';

const key = (s: string) =>
  normalise(s)
    .split(' ')
    .filter((w) => w && !STOPWORDS.has(w))
    .map(stem)
    .join(' ');

type Named<T> = { item: T; names: string[] };

/** Longer texts name nothing of the catalog. */
const MAX_NAME_TEXT = 120;

/**
 * Best item for `text`: an exact name wins; then a name that contains every typed word (or is contained
 * in the text); then the closest name within a small edit distance.
 */
export function bestMatch<T>(text: string, items: Named<T>[]): T | undefined {
  // No name is this long; stemming and comparing a text of any length would cost with its length.
  if (text.length > MAX_NAME_TEXT) return undefined;
  const q = key(text);
  if (!q) return undefined;
  const keyed = items.map((i) => ({ item: i.item, names: i.names.map(key).filter(Boolean) }));
  const exact = keyed.find((i) => i.names.includes(q));
  if (exact) return exact.item;
  const qWords = q.split(' ');
  const within = (name: string) => {
    const n = ` ${name} `;
    return qWords.every((w) => n.includes(` ${w} `)) || ` ${q} `.includes(n);
  };
  const partial = keyed.filter((i) => i.names.some(within));
  if (partial.length === 1) return partial[0]!.item;
  if (partial.length > 1) {
    // Prefer the item whose matching name is shortest: "data" is the data pillar, not "data protection".
    const len = (i: (typeof keyed)[number]) => Math.min(...i.names.filter(within).map((n) => n.length));
    return [...partial].sort((a, b) => len(a) - len(b))[0]!.item;
  }
  let best: { item: T; d: number } | undefined;
  for (const i of keyed) {
    for (const n of i.names) {
      const max = n.length <= 4 ? 0 : n.length <= 8 ? 1 : 2;
      const d = editDistance(q, n, max);
      if (d <= max && (!best || d < best.d)) best = { item: i.item, d };
    }
  }
  return best?.item;
}

export function findRole(c: Catalog, text: string): Role | undefined {
  return bestMatch(
    text,
    c.roles.map((r) => ({ item: r, names: [r.id.replace(/-/g, ' '), r.name, ...r.aliases] })),
  );
}

export function findPillar(c: Catalog, text: string): Pillar | undefined {
  return bestMatch(
    text.replace(/\bpillar\b/i, ''),
    c.pillars.map((p) => ({ item: p, names: [p.id.replace(/-/g, ' '), p.name, ...p.aliases] })),
  );
}

export type StepRef = { step: RampStep; initiative: RampInitiative };

export function rampSteps(c: Catalog): StepRef[] {
  return c.ramp.initiatives.flatMap((initiative) => initiative.steps.map((step) => ({ step, initiative })));
}

/** "2", "step 2", "ransomware", "validate trust" -> the RaMP step. */
export function findRampStep(c: Catalog, text: string): StepRef | undefined {
  const refs = rampSteps(c);
  const n = /^\s*(?:step\s*)?(\d+)\s*$/i.exec(text);
  if (n) return refs.find((r) => r.step.number === Number(n[1]));
  return bestMatch(
    text.replace(/\b(ramp|step|checklist)\b/gi, ' '),
    refs.map((r) => ({ item: r, names: [r.step.id.replace(/-/g, ' '), r.step.name, ...r.step.aliases] })),
  );
}

/** "validate trust", "ransomware", "data protection", "2", a checklist id -> the RaMP checklist. */
export function findChecklist(c: Catalog, text: string): Checklist | undefined {
  const byId = c.checklists.find((l) => l.id === text.trim().toLowerCase());
  if (byId) return byId;
  const ref = findRampStep(c, text);
  const viaStep = ref && c.checklists.find((l) => l.id === ref.step.checklist || l.step === ref.step.id);
  if (viaStep) return viaStep;
  return bestMatch(
    text.replace(/\b(ramp|checklist)\b/gi, ' '),
    c.checklists.map((l) => ({ item: l, names: [l.id.replace(/-/g, ' '), l.title, ...l.aliases] })),
  );
}
