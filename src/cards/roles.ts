// Role-based onboarding: the roles to pick from, and one role's reading list, RaMP steps and first page.
import type { Catalog } from '../knowledge/content-loader.js';
import { rampSteps } from '../knowledge/lookup.js';
import type { Role } from '../knowledge/schema.js';
import { clip, live, md, mdLink, pageTitle, sourceLine, ZERO_TRUST_HOME } from './common.js';
import { rampRetiredNote, rampStepAction, rampStepTitle } from './ramp.js';
import { type Card, expandCard } from './templates.js';

export function roleAction(role: Role): string {
  return `role ${role.id}`;
}

export function rolesCard(catalog: Catalog): Card {
  const url = live(ZERO_TRUST_HOME, catalog).url;
  return expandCard('roles', {
    roles: catalog.roles.map((r) => ({ name: clip(r.name, 60), action: roleAction(r), summary: md(r.summary) })),
    sourceLine: sourceLine(url),
  });
}

export function roleCard(role: Role, catalog: Catalog): Card {
  const start = live(role.startHere, catalog).url;
  const title = pageTitle(role.startHere, catalog) ?? pageTitle(start, catalog);
  const steps = rampSteps(catalog).filter((r) => role.rampSteps.includes(r.step.id));
  return expandCard('role', {
    name: md(role.name),
    summary: md(role.summary),
    startHere: title ? `Open ${mdLink(title, start)} first.` : `Open ${mdLink('this page', start)} first.`,
    startHereUrl: start,
    docSets: role.docSets.flatMap((id) => {
      const d = catalog.docSets.find((x) => x.id === id);
      return d ? [{ link: mdLink(d.name, live(d.url, catalog).url), summary: md(d.summary) }] : [];
    }),
    steps: steps.map(({ step }) => ({ title: rampStepTitle(step), action: rampStepAction(step) })),
    rampNote: rampRetiredNote(catalog),
    sourceLine: sourceLine(start),
  });
}
