// The shape of the authored catalog in content/. Every file is validated on load so that a typo in
// content stops start-up with a message naming the file, the entry and the field, instead of a bot that
// quietly answers with a missing link.
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a lowercase slug such as "validate-trust"');
const text = z.string().trim().min(1, 'must not be empty');
const learnUrl = z
  .string()
  .regex(/^https:\/\/learn\.microsoft\.com\/[^\s]*$/, 'must be a Microsoft Learn URL starting with https://learn.microsoft.com/')
  .refine((u) => !/\/(en-us|[a-z]{2}-[a-z]{2})\//.test(new URL(u).pathname.slice(0, 7)), {
    message: 'must not carry a locale such as /en-us/',
  })
  .refine((u) => !/\.md(#|$)/.test(u), { message: 'must not end in .md (use the published URL)' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

export const principleSchema = z.object({
  id,
  name: text,
  summary: text,
  url: learnUrl,
});

export const objectiveSchema = z.object({
  id,
  /** Roman numeral as the article numbers it: "I", "II", ... */
  number: z.string().regex(/^[IVX]+$/, 'must be a Roman numeral such as "IV"'),
  title: text,
  summary: text,
  /** "initial" or "additional" deployment objectives, as the pillar article groups them. */
  stage: z.enum(['initial', 'additional']),
  /** What to do for it, as short imperative lines of our own words: cards list them. */
  actions: z
    .array(text.pipe(z.string().max(140, 'must be 140 characters or fewer')))
    .max(5)
    .default([]),
  /** Learn's anchor slug of the objective's heading, without '#'. */
  anchor: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be an anchor slug without "#"')
    .optional(),
});

export const pillarSchema = z.object({
  id,
  name: text,
  aliases: z.array(text).default([]),
  summary: text,
  url: learnUrl,
  objectives: z.array(objectiveSchema).min(1, 'a pillar needs its deployment objectives'),
});

export const rampAreaSchema = z.object({
  id,
  name: text,
  summary: text,
  anchor: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
});

export const rampStepSchema = z.object({
  id,
  /** Numbered steps 1-6 of the top-priority initiatives; the as-needed initiatives' areas have none. */
  number: z.number().int().positive().optional(),
  name: text,
  aliases: z.array(text).default([]),
  summary: text,
  url: learnUrl.optional(),
  areas: z.array(rampAreaSchema).default([]),
  /** Id of the checklist in checklists.yaml that belongs to this step. */
  checklist: id.optional(),
});

export const rampInitiativeSchema = z.object({
  id,
  name: text,
  aliases: z.array(text).default([]),
  priority: z.enum(['top', 'as-needed']),
  summary: text,
  url: learnUrl.optional(),
  steps: z.array(rampStepSchema).min(1),
});

export const rampSchema = z.object({
  overview: z.object({ title: text, summary: text, url: learnUrl }),
  /** When the RaMP articles were removed upstream. */
  retired: isoDate,
  /** The date of the docs snapshot our RaMP entries were taken from. */
  snapshot: isoDate,
  initiatives: z.array(rampInitiativeSchema).min(1),
});

export const checklistItemSchema = z.object({
  id,
  number: z.number().int().positive(),
  text,
  /** The accountable role, as the checklist's Owner column names it. */
  role: text,
});

export const checklistAreaSchema = z.object({
  id,
  name: text,
  anchor: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** Who sponsors, leads and does the work in this area (the accountabilities table). */
  accountabilities: z.array(z.object({ lead: z.string().optional(), owner: z.string().optional(), accountability: text })).default([]),
  items: z.array(checklistItemSchema).min(1),
});

export const checklistSchema = z.object({
  id,
  /** Id of the RaMP step this checklist belongs to. */
  step: id,
  title: text,
  aliases: z.array(text).default([]),
  summary: text,
  url: learnUrl,
  areas: z.array(checklistAreaSchema).min(1),
});

export const docSetSchema = z.object({
  id,
  name: text,
  summary: text,
  url: learnUrl,
  /** Who it is for, in our words. */
  audience: text,
});

export const roleSchema = z.object({
  id,
  name: text,
  aliases: z.array(text).default([]),
  summary: text,
  docSets: z.array(id).min(1),
  rampSteps: z.array(id).default([]),
  /** The one page to open first. */
  startHere: learnUrl,
});

export const azureArticleSchema = z.object({
  id,
  title: text,
  aliases: z.array(text).default([]),
  summary: text,
  url: learnUrl,
  group: z.enum(['overview', 'infrastructure', 'networking', 'operations', 'other']),
});

export const azureLayerSchema = z.object({
  id,
  name: text,
  summary: text,
  articles: z.array(id).min(1),
});

export const synonymSchema = z
  .object({
    /** What users type: "MFA", "AAD", "conditional access". */
    term: text,
    kind: z.enum(['acronym', 'synonym', 'rename']),
    /** What it means, in the words the guidance uses. */
    means: z.array(text).min(1),
    /** What the thing is for or does, in one sentence of our own words, for the answer card. */
    does: z.string().trim().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.does === undefined) return;
    const problem = /[\r\n]/.test(s.does)
      ? 'must be one sentence on one line (it has a line break)'
      : s.does.length < 20 || s.does.length > 220
        ? `must be 20 to 220 characters (it has ${s.does.length})`
        : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['does'], message: `the entry "${s.term}": ${problem}` });
  });

export const principlesFile = z.object({ principles: z.array(principleSchema).length(3) });
export const pillarsFile = z.object({ pillars: z.array(pillarSchema).length(7) });
export const rampFile = z.object({ ramp: rampSchema });
export const checklistsFile = z.object({ checklists: z.array(checklistSchema).min(1) });
export const rolesFile = z.object({
  docSets: z.array(docSetSchema).min(1),
  roles: z.array(roleSchema).min(1),
});
export const azureFile = z.object({
  articles: z.array(azureArticleSchema).min(1),
  /** From the workload down to the platform. */
  stack: z.array(azureLayerSchema).min(1),
});
export const synonymsFile = z.object({ synonyms: z.array(synonymSchema).min(1) });

export const articleSchema = z.object({
  /** Path inside the zero-trust docs folder without .md, e.g. "deploy/identity". */
  path: z.string().min(1),
  title: text,
  /** The title is kept as its key terms (it is long): cards show our short name from short-titles.yaml. */
  titleTerms: z.literal(true).optional(),
  url: learnUrl,
  date: z.string().default(''),
  topic: z.string().default(''),
  tags: z.array(z.string()).default([]),
  /** live: published now and in the snapshot; new: published since the snapshot; retired: gone, redirected. */
  status: z.enum(['live', 'new', 'retired']).default('live'),
  headings: z.array(z.object({ level: z.number().int(), text, anchor: z.string(), terms: z.literal(true).optional() })).default([]),
});
export const articlesFile = z.object({
  source: text,
  snapshot: isoDate,
  articles: z.array(articleSchema).min(1),
});

/** How people ask for one page, in our words: content/asks/*.yaml. */
export const pageAsksSchema = z.object({
  /** The page's path in the zero-trust docs folder, as articles.json has it: "deploy/identity". */
  path: z.string().min(1),
  /** What the page gives its reader, in our words; cards show it. */
  summary: text,
  /** The ways people describe the need the page answers: symptoms, goals, roles, keywords, product names. */
  asks: z.array(text).min(1, 'a page needs the ways people ask for it'),
  /** Sections that answer a question of their own, by Learn's anchor of their heading. */
  sections: z
    .array(
      z.object({
        anchor: z.string().regex(/^[a-z0-9_-]+$/, 'must be an anchor slug without "#"'),
        /** What the section tells its reader, in one or two sentences of our words; cards show it. */
        summary: text.pipe(z.string().max(320, 'must be 320 characters or fewer')).optional(),
        asks: z.array(text).min(1),
      }),
    )
    .default([]),
});
export const asksFile = z.object({ pages: z.array(pageAsksSchema).min(1) });

/** What the address of a retired page opens today (content/retired.yaml). */
export const retiredFile = z.object({
  retired: z.array(z.object({ path: z.string().min(1), successor: z.enum(['moved', 'replaced', 'different']), note: text })).min(1),
});
export type Successor = z.infer<typeof retiredFile>['retired'][number]['successor'];

/** Our short names for pages whose own title is long, by path. */
export const shortTitlesFile = z.object({ titles: z.record(z.string(), text.pipe(z.string().max(64, 'must be 64 characters or fewer'))) });

/** The guidance's front doors, for questions that name nothing more specific than Zero Trust itself. */
export const startingPointsFile = z.object({
  startingPoints: z.array(z.object({ path: z.string().min(1), why: text })).min(1),
});

export const redirectsFile = z.object({
  source: text,
  /** Published URL path (e.g. "/security/zero-trust/zero-trust-ramp-overview") -> live URL. */
  redirects: z.record(z.string(), learnUrl),
});

export type Principle = z.infer<typeof principleSchema>;
export type Objective = z.infer<typeof objectiveSchema>;
export type Pillar = z.infer<typeof pillarSchema>;
export type RampArea = z.infer<typeof rampAreaSchema>;
export type RampStep = z.infer<typeof rampStepSchema>;
export type RampInitiative = z.infer<typeof rampInitiativeSchema>;
export type Ramp = z.infer<typeof rampSchema>;
export type ChecklistItem = z.infer<typeof checklistItemSchema>;
export type ChecklistArea = z.infer<typeof checklistAreaSchema>;
export type Checklist = z.infer<typeof checklistSchema>;
export type DocSet = z.infer<typeof docSetSchema>;
export type Role = z.infer<typeof roleSchema>;
export type AzureArticle = z.infer<typeof azureArticleSchema>;
export type AzureLayer = z.infer<typeof azureLayerSchema>;
export type Synonym = z.infer<typeof synonymSchema>;
export type Article = z.infer<typeof articleSchema>;
export type PageAsks = z.infer<typeof pageAsksSchema>;

/** Pages about a named framework (CISA, DoD), and the words that name it in a question. */
export const frameworksFile = z.object({
  frameworks: z.array(z.object({ name: text, pages: z.string().min(1), namedBy: z.array(text).min(1) })).min(1),
});
export type Framework = z.infer<typeof frameworksFile>['frameworks'][number];

/**
 * Phrases taught in Teams, exported for review (`npm run content:export-taught`): content/taught.yaml. A
 * question holding every word of a phrase is answered with its entry first (src/knowledge/taught.ts).
 */
export const taughtFile = z.object({
  taught: z
    .array(
      z.object({
        /** The phrase as the admin taught it. */
        phrase: text.pipe(z.string().max(200, 'must be 200 characters or fewer')),
        /** The entry id it answers with: "article:deploy/identity", "pillar:identity". */
        entry: z.string().regex(/^[a-z-]+:\S+$/, 'must be an entry id such as "article:deploy/identity" or "pillar:identity"'),
        /** When it was taught (ISO time). */
        taughtAt: z.string().optional(),
      }),
    )
    .max(500, 'must hold 500 phrases or fewer')
    .default([]),
});
export type TaughtEntry = z.infer<typeof taughtFile>['taught'][number];
