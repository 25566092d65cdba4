import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Card,
  CardError,
  MAX_CARD_BYTES,
  TEMPLATE_NAMES,
  type TemplateName,
  aboutCard,
  answerCard,
  answerKind,
  azureCard,
  checkCard,
  errorCard,
  expandCard,
  helpCard,
  noResultsCard,
  objectiveCard,
  pillarCard,
  pillarsCard,
  rampCard,
  rampStepCard,
  roleCard,
  rolesCard,
  welcomeCard,
} from '../../src/cards/index.js';
import { readableDate } from '../../src/cards/common.js';
import { cardProblems } from '../../src/cards/validate.js';
import { rampSteps } from '../../src/knowledge/lookup.js';
import { catalog, emptyResponse, insightsSummary, lowConfidenceResponse, result, retiredRampResponse } from './fixtures.js';
import { insightsCard } from '../../src/cards/insights.js';
import { actions, expectTeamsReady, plain, sourceFooter, submits, texts } from './helpers.js';
import { linkCard } from '../../src/cards/compose.js';
import { checklistCard, progressCard } from '../../src/cards/checklist.js';
import { digestCard, reminderCard } from '../../src/cards/digest.js';
import { teamDigest } from '../../src/checklist/digest.js';
import { emptyProgress, setStatus } from '../../src/checklist/progress.js';

const CARDS_DIR = resolve(__dirname, '../../cards');
const identity = catalog.pillars[0]!;
const [step1, step2, otDiscover] = rampSteps(catalog).map((r) => r);

/** One sample card per template, built the way the bot builds them. */
const SAMPLES: Record<TemplateName, () => Card> = {
  answer: () => answerCard(retiredRampResponse, catalog),
  'did-you-mean': () => answerCard(lowConfidenceResponse, catalog),
  'no-results': () => answerCard(emptyResponse, catalog),
  welcome: () => welcomeCard({ needsMention: true, botName: 'Zero Trust guide' }),
  help: () => helpCard(),
  about: () => aboutCard(catalog, { version: '0.1.0' }),
  error: () => errorCard('b7f3c2a1-0c4e-4a8e-9d55-3f1f2a6e9c10'),
  roles: () => rolesCard(catalog),
  role: () => roleCard(catalog.roles[0]!, catalog),
  pillars: () => pillarsCard(catalog),
  pillar: () => pillarCard(identity, catalog),
  objective: () => objectiveCard(identity, 1, catalog),
  ramp: () => rampCard(catalog),
  'ramp-step': () => rampStepCard(step2!, catalog),
  azure: () => azureCard(catalog),
  link: () => linkCard(retiredRampResponse.results[0]!, catalog),
  checklist: () => checklistCard(catalog.checklists[0]!, ticked(), catalog, '', { userIds: ['29:a', '29:b'] }),
  progress: () => progressCard(ticked(), catalog),
  insights: () =>
    insightsCard(insightsSummary, (id) =>
      id === 'pillar:identity' ? { title: 'Identity', url: 'https://learn.microsoft.com/security/zero-trust/deploy/identity' } : undefined,
    ),
  digest: () =>
    digestCard(
      teamDigest(ticked(), ticked().history, catalog, new Date('2026-11-16T09:00:00Z'), new Date('2026-11-23T09:00:00Z')),
      { reminded: ['Ada'], notReminded: [] },
      'Posted Mondays at 09:00 (UTC).',
    ),
  reminder: () => {
    const list = catalog.checklists[0]!;
    const item = list.areas[0]!.items[0]!;
    const state = { status: 'in-progress' as const, by: '29:a', at: '2026-11-20T10:00:00Z', owner: 'Ada', ownerId: '29:a', due: '2026-11-21' };
    return reminderCard(
      { ownerId: '29:a', owner: 'Ada', items: [{ checklist: list.id, item: item.id, checklistTitle: list.title, number: 1, text: item.text, state }] },
      'Security team',
      '2026-11-23',
    );
  },
};

/** Progress with one item done, as a team would have after its first click. */
function ticked() {
  const list = catalog.checklists[0]!;
  const item = list.areas[0]!.items[0]!;
  return setStatus(emptyProgress(), catalog, { checklist: list.id, item: item.id, to: 'done', by: '29:a', byName: 'Ada', at: '2026-11-20T10:00:00Z' });
}

const GUIDANCE: TemplateName[] = [
  'answer',
  'did-you-mean',
  'roles',
  'role',
  'pillars',
  'pillar',
  'objective',
  'ramp',
  'ramp-step',
  'azure',
  'link',
  'checklist',
];

describe('templates', () => {
  it('cards/ holds exactly the known templates, each declaring version 1.5 and the schema', () => {
    const files = readdirSync(CARDS_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...TEMPLATE_NAMES].sort());
    for (const name of files) {
      const json = JSON.parse(readFileSync(resolve(CARDS_DIR, `${name}.json`), 'utf8'));
      expect(json.version, name).toBe('1.5');
      expect(json.$schema, name).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
      expect(json.type, name).toBe('AdaptiveCard');
    }
  });

  it.each(TEMPLATE_NAMES)('%s expands into a valid 1.5 card under 28 KB', (name) => {
    const card = SAMPLES[name]();
    expectTeamsReady(card);
  });

  it.each(GUIDANCE)('%s names its source and links to it', (name) => {
    const card = SAMPLES[name]();
    const footer = sourceFooter(card);
    expect(footer, name).toBeDefined();
    expect(footer).toMatch(/\[Microsoft Learn\]\(https:\/\/learn\.microsoft\.com\/[^)]+\)/);
    expect(footer).toContain('[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)');
  });

  it('the validator notices what Teams would reject', () => {
    const problems = cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Carousel' }, { type: 'TextBlock', text: 'x', weight: 'heavy' }] });
    expect(problems.map((p) => p.event)).toEqual(expect.arrayContaining(['UnknownElementType', 'InvalidPropertyValue']));
  });
});

describe('guards', () => {
  const base = { type: 'AdaptiveCard', version: '1.5', body: [] as unknown[] };

  it('refuses an unbound expression', () => {
    expect(() => checkCard('t', { ...base, body: [{ type: 'TextBlock', text: 'Hi ${name}' }] })).toThrow(CardError);
    expect(() => checkCard('t', { ...base, body: [{ type: 'TextBlock', text: 'Hi ${name}' }] })).toThrow(/unbound.*\$\{name\}/);
  });

  it('refuses another version or a missing one', () => {
    expect(() => checkCard('t', { ...base, version: '1.6' })).toThrow(/version must be "1.5"/);
    expect(() => checkCard('t', { type: 'AdaptiveCard' })).toThrow(/version/);
  });

  it('refuses a card over 28 KB', () => {
    const big = { ...base, body: [{ type: 'TextBlock', text: 'x'.repeat(MAX_CARD_BYTES) }] };
    expect(() => checkCard('t', big)).toThrow(/byte limit/);
    // Bytes, not characters: 10,000 three-byte characters are 30,000 bytes.
    expect(() => checkCard('t', { ...base, body: [{ type: 'TextBlock', text: '€'.repeat(10_000) }] })).toThrow(/byte limit/);
  });

  it('throws when a template field is missing from the data', () => {
    expect(() => expandCard('error', { message: 'x' })).toThrow(/card "error": unbound/);
  });

  it('keeps "${" typed by a user inert instead of failing the card', () => {
    const card = answerCard({ ...retiredRampResponse, query: 'what is ${secret}' }, catalog);
    expect(JSON.stringify(card)).not.toContain('${');
    const feedback = submits(card).find((a) => a.data?.action === 'feedback')!;
    expect(feedback.data!.query).toBe('what is $\u200B{secret}');
  });
});

describe('answer card', () => {
  const card = answerCard(retiredRampResponse, catalog);
  const best = retiredRampResponse.results[0]!;

  it('shows the best match, what it is, its context and our summary', () => {
    const t = texts(card);
    expect(answerKind(retiredRampResponse)).toBe('answer');
    expect(t).toContain('Ransomware recovery readiness');
    expect(t).toContain('RaMP step 2 · Data, compliance, and governance');
    expect(t).toContain(best.summary);
  });

  it('says a retired RaMP page was retired, when, links the live page and gives the snapshot date', () => {
    const note = texts(card).find((t) => t.includes('retired upstream'));
    expect(note).toBeDefined();
    expect(note).toContain('The RaMP article this comes from was retired upstream on 27 February 2025');
    expect(note).toContain(`[live page](${best.url})`);
    expect(note).toContain('snapshot of 18 February 2025');
    const open = actions(card).find((a) => a.type === 'Action.OpenUrl')!;
    expect(open.title).toBe('Open in Microsoft Learn');
    expect(open.url).toBe('https://learn.microsoft.com/security/ransomware/protect-against-ransomware');
    expect(JSON.stringify(card)).not.toContain(best.originalUrl!);
  });

  it('lists up to three alternatives with kind and link', () => {
    const alternatives = retiredRampResponse.results.slice(1, 4);
    const t = texts(card);
    for (const r of alternatives) expect(t.some((x) => x.includes(`](${r.url})`))).toBe(true);
    expect(t.some((x) => x.includes(retiredRampResponse.results[4]!.url))).toBe(false);
    expect(t).toContain('Microsoft Learn article');
    expect(t).toContain('Article section · Secure data with Zero Trust');
    // Brackets in titles must not break the markdown link.
    expect(t).toContain(`[Back up \\[critical\\] data](${alternatives[1]!.url})`);
  });

  it('carries the query and the result id on both feedback buttons', () => {
    const feedback = submits(card).filter((a) => a.data?.action === 'feedback');
    expect(feedback.map((a) => a.title)).toEqual(['Helpful', 'Not helpful']);
    expect(feedback.map((a) => a.data)).toEqual([
      { action: 'feedback', helpful: true, query: retiredRampResponse.query, resultId: best.id },
      { action: 'feedback', helpful: false, query: retiredRampResponse.query, resultId: best.id },
    ]);
  });

  it('describes a docs section by the page it belongs to', () => {
    const section = result({
      id: 'section:deploy/data#backups',
      kind: 'section',
      title: 'Back up data',
      url: 'https://learn.microsoft.com/security/zero-trust/deploy/data#backups',
      context: 'Secure data with Zero Trust',
    });
    const t = texts(answerCard({ query: 'backups', corrections: {}, expanded: [], results: [section] }, catalog));
    expect(t).toContain('A section of the Microsoft Learn article “Secure data with Zero Trust”.');
  });

  it('never describes an article by a list of its headings', () => {
    const article = result({
      id: 'article:zero-trust-overview',
      kind: 'article',
      title: 'What is Zero Trust?',
      url: 'https://learn.microsoft.com/security/zero-trust/zero-trust-overview',
      context: 'Microsoft Learn article',
      date: '2024-05-01',
    });
    const t = texts(answerCard({ query: 'zero trust', corrections: {}, expanded: [], results: [article] }, catalog));
    expect(t.join(' ')).not.toMatch(/It covers|Guiding principles of Zero Trust/);
    expect(t).toContain('Microsoft Learn page dated 1 May 2024.');
    expect(t.some((x) => x.includes('retired'))).toBe(false);
  });

  it('says what a match is without repeating itself', () => {
    const what = (r: Parameters<typeof result>[0]) => texts(answerCard({ query: 'q', corrections: {}, expanded: [], results: [result(r)] }, catalog))[1];
    const url = 'https://learn.microsoft.com/security/zero-trust/deploy/identity';
    expect(what({ id: 'pillar:identity', kind: 'pillar', title: 'Identities', url, context: 'Technology pillar' })).toBe('Technology pillar');
    expect(what({ id: 'ramp-step:ot-protect', kind: 'ramp-step', title: 'Protect', url, context: 'RaMP area · OT and industrial IoT' })).toBe(
      'RaMP area · OT and industrial IoT',
    );
    expect(what({ id: 'ramp:overview', kind: 'ramp', title: 'RaMP', url, context: 'Rapid Modernization Plan' })).toBe('Rapid Modernization Plan (RaMP)');
    expect(what({ id: 'role:x', kind: 'role', title: 'X', url })).toBe('Role');
    expect(what({ id: 'azure-article:x', kind: 'azure-article', title: 'X', url, context: 'Zero Trust for Azure services' })).toBe(
      'Azure services article · Zero Trust for Azure services',
    );
  });

  it('notes corrected typos', () => {
    const t = texts(answerCard({ ...retiredRampResponse, corrections: { ransomwre: 'ransomware' } }, catalog));
    expect(t).toContain('I read “ransomwre” as “ransomware”.');
  });
});

describe('did you mean', () => {
  const card = answerCard(lowConfidenceResponse, catalog);

  it('is what a low-confidence response gets, with up to four choices as buttons sending their titles', () => {
    expect(answerKind(lowConfidenceResponse)).toBe('did-you-mean');
    expect(texts(card)).toContain('Did you mean…?');
    const choices = submits(card).filter((a) => a.data?.action !== 'help');
    expect(choices).toHaveLength(4);
    expect(choices.map((a) => a.data!.action)).toEqual(lowConfidenceResponse.results.slice(0, 4).map((r) => r.title));
    expect(choices.map((a) => a.title)).toEqual(lowConfidenceResponse.results.slice(0, 4).map((r) => r.title));
    expect(texts(card).some((t) => t.includes('“conditonal” as “conditional”'))).toBe(true);
  });

  it('keeps button titles short and shows a long title in full below its button', () => {
    const long = 'Everything the identity team has to have in place before the first access policy is switched on';
    const response = { ...lowConfidenceResponse, results: [{ ...lowConfidenceResponse.results[1]!, title: long }] };
    const card = answerCard(response, catalog);
    const [choice] = submits(card);
    expect(choice!.title!.length).toBeLessThanOrEqual(60);
    expect(choice!.title!.endsWith('…')).toBe(true);
    expect(choice!.data).toEqual({ action: long });
    expect(texts(card)).toContain(`${long} · Article`);
  });

  it('starts exactly at the confidence threshold', () => {
    const at = { ...lowConfidenceResponse, results: [{ ...lowConfidenceResponse.results[0]!, confidence: 0.5 }] };
    expect(answerKind(at)).toBe('answer');
    expect(answerKind({ ...at, results: [{ ...at.results[0]!, confidence: 0.499 }] })).toBe('did-you-mean');
  });
});

describe('no results', () => {
  it('offers example questions as buttons', () => {
    const card = answerCard(emptyResponse, catalog);
    expect(answerKind(emptyResponse)).toBe('no-results');
    expect(texts(card)).toContain('Nothing found');
    expect(texts(card).some((t) => t.includes('“xyzzy plugh”'))).toBe(true);
    const examples = submits(card).filter((a) => a.title === a.data?.action && /\?|\s/.test(a.title ?? ''));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(submits(card).map((a) => a.data!.action)).toEqual(expect.arrayContaining(['help', 'roles', 'pillars']));
  });

  it('takes the examples it is given', () => {
    const card = noResultsCard('', ['One?', 'Two?']);
    expect(
      submits(card)
        .slice(0, 2)
        .map((a) => a.data),
    ).toEqual([{ action: 'One?' }, { action: 'Two?' }]);
  });
});

describe('guide cards', () => {
  it('roles: one button per role sending "role <id>"', () => {
    const card = rolesCard(catalog);
    expect(submits(card).map((a) => a.data!.action)).toEqual(['role security-architect', 'role it-implementer']);
    expect(submits(card).map((a) => a.title)).toEqual(['Security architect', 'IT implementer']);
  });

  it('role: documentation sets with links, fitting RaMP steps and where to start', () => {
    const card = roleCard(catalog.roles[0]!, catalog);
    const t = texts(card);
    expect(t).toContain('[Architecture guidance](https://learn.microsoft.com/security/zero-trust/zero-trust-overview)');
    expect(t).toContain('Open [What is Zero Trust?](https://learn.microsoft.com/security/zero-trust/zero-trust-overview) first.');
    expect(submits(card).map((a) => a.data!.action)).toEqual(['ramp 1', 'ramp 2', 'roles']);
    expect(submits(card).map((a) => a.title)).toContain('Step 2: Ransomware recovery readiness');
    expect(t.some((x) => x.includes('retired upstream on 27 February 2025'))).toBe(true);
  });

  it('role without RaMP steps leaves the section out', () => {
    const card = roleCard(catalog.roles[1]!, catalog);
    expectTeamsReady(card);
    expect(texts(card)).not.toContain('RaMP steps that fit your role');
  });

  it('pillars: the principles and one button per pillar', () => {
    const card = pillarsCard(catalog);
    expect(submits(card).map((a) => a.data!.action)).toEqual(['pillar identity', 'pillar endpoints']);
    expect(texts(card).map(plain)).toEqual(expect.arrayContaining(['Verify explicitly', 'Use least privilege access', 'Assume breach']));
  });

  it('pillar: objectives by stage as buttons, and Open in Microsoft Learn', () => {
    const card = pillarCard(identity, catalog);
    const t = texts(card);
    expect(t).toEqual(expect.arrayContaining(['Initial deployment objectives', 'Additional deployment objectives']));
    // A short numeral button beside the full title (Teams cuts long button titles); the whole row clicks too.
    const numerals = submits(card).filter((a) => /^[IVX]+$/.test(a.title!));
    expect(numerals.map((a) => [a.title, a.data!.action])).toEqual([
      ['I', '1'],
      ['II', '2'],
      ['III', '3'],
    ]);
    const rows = submits(card).filter((a) => /^[IVX]+\. /.test(a.title!));
    expect(rows.map((a) => a.data!.action)).toEqual(['1', '2', '3']);
    expect(t).toContain('Conditional Access policies gate access');
    const others = submits(card).filter((a) => !numerals.includes(a) && !rows.includes(a));
    expect(others.map((a) => [a.title, a.data!.action])).toEqual([
      ['Walk me through', 'next'],
      ['All pillars', 'pillars'],
    ]);
    expect(actions(card).find((a) => a.type === 'Action.OpenUrl')?.url).toBe('https://learn.microsoft.com/security/zero-trust/deploy/identity');
  });

  it('objective: position, back / next / done, and a link to its heading', () => {
    const first = objectiveCard(identity, 0, catalog);
    const middle = objectiveCard(identity, 1, catalog);
    const last = objectiveCard(identity, 2, catalog);
    expect(texts(first)).toContain('1 of 3');
    expect(texts(middle)).toContain('2 of 3');
    expect(texts(middle)).toContain('Initial deployment objective II');
    expect(submits(first).map((a) => a.data!.action)).toEqual(['next', 'done']);
    expect(submits(middle).map((a) => a.data!.action)).toEqual(['back', 'next', 'done']);
    expect(submits(last).map((a) => a.data!.action)).toEqual(['back', 'done']);
    expect(actions(first).find((a) => a.type === 'Action.OpenUrl')?.url).toBe(
      'https://learn.microsoft.com/security/zero-trust/deploy/identity#i-cloud-identity',
    );
    expect(() => objectiveCard(identity, 3, catalog)).toThrow(RangeError);
  });

  it('ramp: initiatives with numbered steps as buttons, and the retired note', () => {
    const card = rampCard(catalog);
    expect(submits(card).map((a) => a.data!.action)).toEqual(['ramp 1', 'ramp 2', 'ramp ot-discover', 'ramp ot-protect']);
    expect(texts(card)).toEqual(expect.arrayContaining(['Top priority', 'As needed']));
    expect(texts(card).some((t) => t.includes('retired upstream on 27 February 2025'))).toBe(true);
    expect(actions(card).find((a) => a.type === 'Action.OpenUrl')?.url).toBe('https://learn.microsoft.com/security/zero-trust/deploy/overview');
  });

  it('ramp-step: summary, areas, checklist size, live link and freshness', () => {
    const retired = rampStepCard(step2!, catalog);
    expect(texts(retired)).toContain('RaMP step 2 · Data, compliance, and governance');
    expect(texts(retired)).toContain('Secure backups');
    expect(texts(retired).some((t) => t.includes('retired upstream on 27 February 2025') && t.includes('18 February 2025'))).toBe(true);
    expect(actions(retired).find((a) => a.type === 'Action.OpenUrl')?.url).toBe('https://learn.microsoft.com/security/ransomware/protect-against-ransomware');

    const live = rampStepCard(step1!, catalog);
    expect(texts(live)).toContain('**Checklist:** 3 items in 2 areas, each with an owner role.');
    expect(texts(live).some((t) => t.includes('retired'))).toBe(false);
    expect(texts(live)).toContain(`From the RaMP guidance as of our docs snapshot of ${readableDate(catalog.ramp.snapshot)}.`);
    expect(submits(live).map((a) => a.data!.action)).toEqual(['ramp 2', 'ramp']);

    const area = rampStepCard(otDiscover!, catalog);
    expectTeamsReady(area);
    expect(texts(area)).toContain('RaMP · OT and industrial IoT');
    expect(submits(area).map((a) => a.data!.action)).toEqual(['ramp ot-protect', 'ramp']);
  });

  it('azure: articles by group and the stack from workload to platform', () => {
    const card = azureCard(catalog);
    const t = texts(card);
    expect(t).toEqual(expect.arrayContaining(['Start here', 'Infrastructure', 'Networking', 'From the workload down to the platform', 'Workload', 'Platform']));
    expect(t).toContain(
      '[Apply Zero Trust principles to Azure IaaS](https://learn.microsoft.com/security/zero-trust/azure-infrastructure-overview) · [Apply Zero Trust principles to Azure networking](https://learn.microsoft.com/security/zero-trust/azure-networking-overview)',
    );
  });
});

describe('info cards', () => {
  it('welcome: example questions and the main commands as buttons, with the @mention hint where needed', () => {
    const card = welcomeCard({ needsMention: true, botName: 'ZT Guide' });
    expect(submits(card).map((a) => a.data!.action)).toEqual(expect.arrayContaining(['roles', 'pillars', 'ramp', 'help']));
    expect(texts(card).some((t) => t.includes('@ZT Guide'))).toBe(true);
    expect(texts(welcomeCard()).some((t) => t.includes('@'))).toBe(false);
  });

  it('help lists the commands', () => {
    const t = texts(helpCard());
    for (const c of ['roles', 'role …', 'pillars', 'pillar …', 'ramp', 'ramp 1–6', 'azure', 'about', 'help']) {
      expect(t.some((x) => x.startsWith(`${c}: `))).toBe(true);
    }
  });

  it('about: source, licence, snapshots and version', () => {
    const t = texts(aboutCard(catalog, { version: '9.8.7' }));
    const all = t.join('\n');
    expect(all).toContain('[MicrosoftDocs/security](https://github.com/MicrosoftDocs/security)');
    expect(all).toContain('Licence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)');
    expect(all).toContain('Docs snapshot: 18 February 2025');
    expect(all).toContain('RaMP snapshot: 18 February 2025 (RaMP retired upstream on 27 February 2025');
    expect(all).toContain('Bot version: 9.8.7');
  });

  it('error: short friendly text and the correlation id', () => {
    const card = errorCard('abc-123');
    expect(texts(card)).toContain('Reference: abc-123');
    expect(texts(card)[0]).toBe('Sorry, something went wrong');
    expect(sourceFooter(card)).toBeUndefined();
  });
});

describe('bot card set', () => {
  it('builds every card the bot asks for from one catalog, with the package version on the about card', async () => {
    const { createBotCards, packageVersion } = await import('../../src/cards/index.js');
    const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
    expect(packageVersion()).toBe(pkg.version);
    const cards = createBotCards(catalog);
    const all = [
      cards.welcome(),
      cards.help(),
      cards.about(),
      cards.error('id-1'),
      cards.answer(retiredRampResponse),
      cards.answer(lowConfidenceResponse),
      cards.answer(emptyResponse),
      cards.roles(),
      cards.role(catalog.roles[0]!),
      cards.pillars(),
      cards.pillar(identity),
      cards.objective(identity, 0),
      cards.ramp(),
      cards.rampStep(step1!),
      cards.azure(),
    ];
    for (const card of all) expectTeamsReady(card);
    expect(texts(cards.about()).join('\n')).toContain(`Bot version: ${pkg.version}`);
  });
});
