// Turns the catalog (and, when given, a docs checkout) into one flat list of searchable entries. Every
// entry already points where a user should go today: retired pages are replaced by their live page and
// keep their original URL beside it.
import type { Catalog } from './content-loader.js';
import type { DocArticle } from './docs.js';
import type { Successor } from './schema.js';
import { docsPathToUrl, freshness, pagePath } from './urls.js';

export type EntryKind =
  | 'principle'
  | 'pillar'
  | 'objective'
  | 'ramp'
  | 'ramp-initiative'
  | 'ramp-step'
  | 'checklist'
  | 'checklist-item'
  | 'doc-set'
  | 'role'
  | 'azure-article'
  | 'article'
  | 'section';

export const KIND_LABELS: Record<EntryKind, string> = {
  principle: 'Zero Trust principle',
  pillar: 'Technology pillar',
  objective: 'Deployment objective',
  ramp: 'Rapid Modernization Plan (RaMP)',
  'ramp-initiative': 'RaMP initiative',
  'ramp-step': 'RaMP step',
  checklist: 'RaMP checklist',
  'checklist-item': 'RaMP checklist item',
  'doc-set': 'Documentation set',
  role: 'Role',
  'azure-article': 'Azure services article',
  article: 'Article',
  section: 'Article section',
};

export type Entry = {
  /** Unique: "<kind>:<id>". */
  id: string;
  kind: EntryKind;
  title: string;
  /** Where the link goes today. */
  url: string;
  /** The URL the guidance was written at, when that page has since been retired. */
  originalUrl?: string;
  retired: boolean;
  /** Our summary, for catalog entries; absent for docs sections. */
  summary?: string;
  /** Where the entry sits in the guidance, for people: "Identities pillar · objective II". */
  context?: string;
  /** Page identity, used to show one result per page. */
  page: string;
  /** Date of the source the entry came from (ms.date, or the RaMP snapshot). */
  date?: string;
  /** For pages of the docs: new since the RaMP snapshot (the catalog's older pages are "live"). */
  isNew?: boolean;
  /** For a retired page: whether its address opens the same guidance moved, a successor, or another thing. */
  successor?: Successor;
  /** What to do, in our words: an objective's key actions, the first items of a RaMP step's checklist. */
  todo?: string[];
  /** `asks`: how people describe the need the entry answers (content/asks/), one phrase after another. */
  fields: { title: string; aliases: string; heading: string; about: string; body: string; asks: string };
};

type Fields = Partial<Entry['fields']>;

/** What a retired page's address opens today, as content/retired.yaml judges it. */
function successorOf(c: Catalog, originalUrl: string): Successor | undefined {
  const path = pagePath(originalUrl);
  return c.retired.find((r) => pagePath(docsPathToUrl(r.path)) === path)?.successor;
}

function entry(
  catalog: Catalog,
  kind: EntryKind,
  key: string,
  title: string,
  rawUrl: string,
  fields: Fields,
  extra: Partial<Pick<Entry, 'summary' | 'context' | 'date' | 'isNew' | 'todo'>> = {},
): Entry {
  const f = freshness(rawUrl, catalog.redirects);
  // A retired page now opens another page; that page's name is also how people will look for it.
  const liveSlug = f.retired ? (pagePath(f.url) ?? '').split('/').pop()!.replace(/-/g, ' ') : '';
  const aliases = [fields.aliases ?? '', liveSlug.includes(' ') ? liveSlug : ''].filter(Boolean).join(' · ');
  const successor = f.originalUrl ? successorOf(catalog, f.originalUrl) : undefined;
  return {
    id: `${kind}:${key}`,
    kind,
    title,
    url: f.url,
    ...(f.originalUrl ? { originalUrl: f.originalUrl } : {}),
    retired: f.retired,
    ...(successor ? { successor } : {}),
    page: pagePath(f.originalUrl ?? f.url) ?? f.url,
    ...extra,
    fields: {
      title: fields.title ?? title,
      aliases,
      heading: fields.heading ?? '',
      about: fields.about ?? '',
      body: fields.body ?? '',
      asks: fields.asks ?? '',
    },
  };
}

/** How many checklist items a card lists under "what to do". */
export const TODO_ITEMS = 3;

/** The first items of a checklist, as a RaMP step's or checklist's "what to do". */
function firstItems(c: Catalog, checklistId: string | undefined): Pick<Entry, 'todo'> {
  const list = checklistId ? c.checklists.find((l) => l.id === checklistId) : undefined;
  const items = list?.areas.flatMap((a) => a.items.map((it) => it.text)).slice(0, TODO_ITEMS) ?? [];
  return items.length ? { todo: items } : {};
}

const withAnchor = (url: string, anchor?: string) => (anchor ? `${url.split('#')[0]}#${anchor}` : url);

export function catalogEntries(c: Catalog): Entry[] {
  const out: Entry[] = [];
  const rampDate = c.ramp.snapshot;
  for (const p of c.principles) {
    out.push(entry(c, 'principle', p.id, p.name, p.url, { body: p.summary }, { summary: p.summary, context: 'One of the three Zero Trust principles' }));
  }
  for (const p of c.pillars) {
    out.push(
      entry(
        c,
        'pillar',
        p.id,
        p.name,
        p.url,
        {
          aliases: [...p.aliases, ...[p.name, ...p.aliases].map((n) => `${n} pillar`)].join(' · '),
          heading: p.objectives.map((o) => o.title).join(' · '),
          body: p.summary,
        },
        { summary: p.summary, context: 'Technology pillar' },
      ),
    );
    for (const o of p.objectives) {
      out.push(
        entry(
          c,
          'objective',
          `${p.id}/${o.id}`,
          o.title,
          withAnchor(p.url, o.anchor),
          {
            heading: p.name,
            body: o.summary,
          },
          { summary: o.summary, context: `${p.name} pillar · ${o.stage} deployment objective ${o.number}`, ...(o.actions.length ? { todo: o.actions } : {}) },
        ),
      );
    }
  }
  const r = c.ramp;
  out.push(
    entry(
      c,
      'ramp',
      'overview',
      r.overview.title,
      r.overview.url,
      {
        aliases: 'RaMP · Rapid Modernization Plan',
        heading: r.initiatives.map((i) => i.name).join(' · '),
        body: r.overview.summary,
      },
      { summary: r.overview.summary, context: 'Rapid Modernization Plan', date: rampDate },
    ),
  );
  for (const i of r.initiatives) {
    out.push(
      entry(
        c,
        'ramp-initiative',
        i.id,
        i.name,
        i.url ?? r.overview.url,
        {
          aliases: i.aliases.join(' · '),
          heading: i.steps.map((s) => s.name).join(' · '),
          body: i.summary,
        },
        { summary: i.summary, context: `RaMP initiative (${i.priority === 'top' ? 'top priority' : 'as needed'})`, date: rampDate },
      ),
    );
    for (const s of i.steps) {
      out.push(
        entry(
          c,
          'ramp-step',
          s.id,
          s.name,
          s.url ?? i.url ?? r.overview.url,
          {
            aliases: s.aliases.join(' · '),
            heading: s.areas.map((a) => a.name).join(' · '),
            body: [s.summary, ...s.areas.map((a) => a.summary)].join(' '),
          },
          { summary: s.summary, context: `${s.number ? `RaMP step ${s.number}` : 'RaMP area'} · ${i.name}`, date: rampDate, ...firstItems(c, s.checklist) },
        ),
      );
    }
  }
  for (const l of c.checklists) {
    out.push(
      entry(
        c,
        'checklist',
        l.id,
        `RaMP checklist: ${l.title}`,
        l.url,
        {
          title: l.title,
          aliases: l.aliases.join(' · '),
          heading: l.areas.map((a) => a.name).join(' · '),
          body: [l.summary, ...l.areas.flatMap((a) => a.items.map((it) => it.text))].join(' '),
        },
        { summary: l.summary, context: 'RaMP checklist', date: rampDate, ...firstItems(c, l.id) },
      ),
    );
    for (const a of l.areas) {
      for (const it of a.items) {
        out.push(
          entry(
            c,
            'checklist-item',
            `${l.id}/${it.id}`,
            it.text,
            withAnchor(l.url, a.anchor),
            {
              heading: a.name,
              body: it.role,
            },
            { summary: it.text, context: `${l.title} checklist · ${a.name} · owner: ${it.role}`, date: rampDate },
          ),
        );
      }
    }
  }
  for (const d of c.docSets) {
    out.push(
      entry(c, 'doc-set', d.id, d.name, d.url, { body: `${d.summary} ${d.audience}` }, { summary: d.summary, context: `Documentation set for ${d.audience}` }),
    );
  }
  for (const role of c.roles) {
    out.push(
      entry(
        c,
        'role',
        role.id,
        role.name,
        role.startHere,
        {
          aliases: role.aliases.join(' · '),
          body: role.summary,
        },
        { summary: role.summary, context: 'Role' },
      ),
    );
  }
  for (const a of c.azure.articles) {
    out.push(
      entry(
        c,
        'azure-article',
        a.id,
        a.title,
        a.url,
        { aliases: a.aliases.join(' · '), body: a.summary },
        { summary: a.summary, context: 'Zero Trust for Azure services' },
      ),
    );
  }
  return out;
}

/** Tags such as "zerotrust-ramp" or "m365solution-zero-trust" as words. */
const tagWords = (tags: string[]) => tags.map((t) => t.replace(/^(zerotrust|m365solution|m365initiative|tier\d)-?/, '').replace(/-/g, ' ')).join(' · ');

/** The last part of an article's path, as words: URL slugs name pages the way people search for them. */
const slugWords = (path: string) => (path.split('/').pop() ?? '').replace(/-/g, ' ');

/** A page's asks with those of its sections: all of them are reasons to open the page. */
const pageAsks = (c: Catalog, path: string) => {
  const a = c.asks.get(path);
  return a ? [...a.asks, ...a.sections.flatMap((s) => s.asks)].join(' · ') : '';
};

const isNew = (c: Catalog, path: string) => c.articles.articles.find((a) => a.path === path)?.status === 'new';

/** What an article is, for people, and our summary of it when the asks files have one. */
const articleExtra = (c: Catalog, path: string, date: string) => {
  const summary = c.asks.get(path)?.summary;
  return { context: 'Microsoft Learn article', date, ...(summary ? { summary } : {}), ...(isNew(c, path) ? { isNew: true } : {}) };
};

/**
 * One entry per article from the generated metadata (no body text), and one per section that has asks of
 * its own, so a question about that part links to its heading.
 */
export function articleEntries(c: Catalog): Entry[] {
  const out: Entry[] = [];
  for (const a of c.articles.articles) {
    const name = c.shortTitles[a.path];
    out.push(
      entry(
        c,
        'article',
        a.path,
        name ?? a.title,
        a.url,
        {
          aliases: [slugWords(a.path), ...(name ? [a.title] : [])].join(' · '),
          heading: a.headings.map((h) => h.text).join(' · '),
          about: tagWords(a.tags),
          asks: pageAsks(c, a.path),
        },
        articleExtra(c, a.path, a.date),
      ),
    );
    for (const s of c.asks.get(a.path)?.sections ?? []) {
      const h = a.headings.find((x) => x.anchor === s.anchor)!;
      out.push(
        entry(
          c,
          'section',
          `${a.path}#${s.anchor}`,
          h.text,
          withAnchor(a.url, s.anchor),
          {
            title: '',
            heading: h.text,
            about: a.title,
            asks: s.asks.join(' · '),
          },
          { context: c.shortTitles[a.path] ?? a.title, date: a.date, ...(s.summary ? { summary: s.summary } : {}) },
        ),
      );
    }
  }
  return out;
}

/** Entries of an indexed docs checkout: one per article and one per H2/H3 section. */
export function docsEntries(c: Catalog, docs: DocArticle[]): Entry[] {
  const out: Entry[] = [];
  for (const a of docs) {
    const top = a.sections.find((s) => s.level === 1);
    out.push(
      entry(
        c,
        'article',
        a.path,
        c.shortTitles[a.path] ?? a.title,
        a.url,
        {
          aliases: [slugWords(a.path), ...(c.shortTitles[a.path] ? [a.title] : [])].join(' · '),
          heading: a.sections
            .filter((s) => s.level > 1)
            .map((s) => s.heading)
            .join(' · '),
          about: tagWords(a.tags),
          body: [a.description, top?.text ?? ''].join(' '),
          asks: pageAsks(c, a.path),
        },
        articleExtra(c, a.path, a.date),
      ),
    );
    const ours = new Map(c.asks.get(a.path)?.sections.map((s) => [s.anchor, s]));
    for (const s of a.sections) {
      if (s.level === 1) continue;
      out.push(
        entry(
          c,
          'section',
          `${a.path}#${s.anchor}`,
          s.heading,
          withAnchor(a.url, s.anchor),
          {
            title: '',
            heading: [s.heading, ...s.subheadings].join(' · '),
            about: a.title,
            body: s.text,
            asks: ours.get(s.anchor)?.asks.join(' · ') ?? '',
          },
          { context: c.shortTitles[a.path] ?? a.title, date: a.date, ...(ours.get(s.anchor)?.summary ? { summary: ours.get(s.anchor)!.summary! } : {}) },
        ),
      );
    }
  }
  return out;
}
