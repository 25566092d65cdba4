// Zero Trust for Azure services: the articles by group, and the stack from the workload down to the
// platform with the articles that cover each layer.
import type { Catalog } from '../knowledge/content-loader.js';
import type { AzureArticle } from '../knowledge/schema.js';
import { ZERO_TRUST_HOME, live, md, mdLink, sourceLine } from './common.js';
import { type Card, expandCard } from './templates.js';

const GROUPS: { group: AzureArticle['group']; label: string }[] = [
  { group: 'overview', label: 'Start here' },
  { group: 'infrastructure', label: 'Infrastructure' },
  { group: 'networking', label: 'Networking' },
  { group: 'operations', label: 'Security operations' },
  { group: 'other', label: 'More services' },
];

export function azureCard(catalog: Catalog): Card {
  const { articles, stack } = catalog.azure;
  const urlOf = (a: AzureArticle) => live(a.url, catalog).url;
  const byId = new Map(articles.map((a) => [a.id, a]));
  const overview = articles.find((a) => a.group === 'overview');
  const url = overview ? urlOf(overview) : live(ZERO_TRUST_HOME, catalog).url;
  return expandCard('azure', {
    groups: GROUPS.map(({ group, label }) => ({
      label,
      articles: articles.filter((a) => a.group === group).map((a) => ({ link: mdLink(a.title, urlOf(a)), summary: md(a.summary) })),
    })).filter((g) => g.articles.length > 0),
    stack: stack.map((layer) => ({
      name: md(layer.name),
      summary: md(layer.summary),
      links: layer.articles
        .flatMap((id) => {
          const a = byId.get(id);
          return a ? [mdLink(a.title, urlOf(a))] : [];
        })
        .join(' · '),
    })),
    url,
    sourceLine: sourceLine(url),
  });
}
