// Every card built from the real catalog in content/: sizes and validity depend on the real texts, and the
// example questions must be ones the real catalog answers. Skipped (with the reason) while content/ does
// not load; tests/knowledge reports why.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_QUESTIONS, answerCard, answerKind, createBotCards, rampStepAction } from '../../src/cards/index.js';
import { type Catalog, type Knowledge, loadKnowledge } from '../../src/knowledge/index.js';
import { findRampStep, rampSteps } from '../../src/knowledge/lookup.js';
import { expectTeamsReady, sourceFooter, submits, texts } from './helpers.js';

let knowledge: Knowledge | undefined;
let reason = '';
try {
  // CONTENT_DIR as the bot reads it (src/config.ts), so a content branch can be checked the same way.
  knowledge = loadKnowledge({ contentDir: resolve(__dirname, '../..', process.env.CONTENT_DIR ?? 'content') });
} catch (err) {
  reason = (err as Error).message;
}

describe.skipIf(!knowledge)(`cards from the real catalog${knowledge ? '' : ` (skipped: ${reason})`}`, () => {
  // The factory still runs when the suite is skipped: nothing here may touch the catalog.
  const k = knowledge as Knowledge;
  const c = knowledge?.catalog as Catalog;
  const cards = knowledge ? createBotCards(c) : (undefined as unknown as ReturnType<typeof createBotCards>);

  it('lists, welcome, help and about are Teams-ready', () => {
    for (const card of [cards.roles(), cards.pillars(), cards.ramp(), cards.azure(), cards.about(), cards.welcome(), cards.help()]) {
      expectTeamsReady(card);
    }
    expect(sourceFooter(cards.azure())).toBeDefined();
  });

  it('every role, pillar, objective and RaMP step card is Teams-ready', () => {
    for (const role of c.roles) expectTeamsReady(cards.role(role));
    for (const pillar of c.pillars) {
      expectTeamsReady(cards.pillar(pillar));
      pillar.objectives.forEach((_, i) => expectTeamsReady(cards.objective(pillar, i)));
    }
    for (const ref of rampSteps(c)) expectTeamsReady(cards.rampStep(ref));
  });

  it('every RaMP step button finds its step again', () => {
    for (const ref of rampSteps(c)) {
      const action = rampStepAction(ref.step);
      expect(findRampStep(c, action.replace(/^ramp /, ''))?.step.id, action).toBe(ref.step.id);
    }
  });

  it('every retired RaMP step card says so and links the live page', () => {
    for (const ref of rampSteps(c)) {
      const card = cards.rampStep(ref);
      const open = JSON.stringify(card);
      for (const original of Object.keys(c.redirects)) expect(open).not.toContain(`learn.microsoft.com${original}"`);
    }
  });

  it.each(EXAMPLE_QUESTIONS)('the example question "%s" gets a confident answer', (q) => {
    const response = k.search(q, { limit: 4 });
    expect(answerKind(response)).toBe('answer');
  });

  it('answer cards for real questions are Teams-ready and carry feedback and source', () => {
    const questions = [
      ...EXAMPLE_QUESTIONS,
      'mfa for admins',
      'conditonal acess',
      'microsegmentation',
      'what does a project manager read',
      'secure backups',
      'xyzzy plugh',
      'Zero Trust for Azure virtual machines',
      'data loss prevention',
    ];
    for (const q of questions) {
      const response = k.search(q, { limit: 4 });
      const card = answerCard(response, c);
      expectTeamsReady(card);
      if (answerKind(response) === 'answer') {
        const feedback = submits(card).filter((a) => a.data?.action === 'feedback');
        expect(feedback.map((a) => a.data!.resultId)).toEqual([response.results[0]!.id, response.results[0]!.id]);
        expect(sourceFooter(card)).toBeDefined();
        if (response.results[0]!.retired) expect(texts(card).some((t) => t.includes('retired upstream'))).toBe(true);
      }
    }
  });

  it("says what a retired page's address opens now: the same guidance moved, a successor, or a different page", () => {
    const card = (id: string) => {
      const e = k.entry(id)!;
      const response = { query: e.title, corrections: {}, expanded: [], results: [{ ...e, score: 1, confidence: 1 }] };
      return texts(answerCard(response, c)).join('\n');
    };
    expect(card('article:zero-trust-assessment-progress-tracking-resources')).toMatch(
      /opens \[a different page\]\(https:\/\/learn\.microsoft\.com\/security\/zero-trust\/assessment\/get-started\), not the same guidance/,
    );
    expect(card('article:zero-trust-identity-device-access-policies-teams')).toMatch(
      /its guidance now lives \[here\]\(https:\/\/learn\.microsoft\.com\/security\/zero-trust\/zero-trust-identity-device-access-policies-workloads#microsoft-teams/,
    );
    expect(card('article:index-with-videos')).toMatch(
      /\[live page\]\(https:\/\/learn\.microsoft\.com\/security\/zero-trust\/zero-trust-overview\) that replaced it/,
    );
    expect(card('article:sfi/secure-future-initiative-overview')).toMatch(/published since the RaMP snapshot/);
    expect(card('article:deploy/identity')).not.toMatch(/published since/);
  });
});
