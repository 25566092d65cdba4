// A team in a channel of its own that works through RaMP checklists with the bot over HTTP (a fake Bot
// Connector answers for Teams): who says what, which buttons they click, and what the progress API says.
import { expect } from 'vitest';
import { teamsMessage } from '../../src/testkit/activities.js';
import { type FakeConnector, type Sent, cardsOf } from '../../src/testkit/fake-connector.js';
import type { TestApp } from './app.js';
import type { ChecklistService } from '../../src/checklist/service.js';
import { numberedItems } from '../../src/checklist/progress.js';
import type { Checklist } from '../../src/knowledge/schema.js';

export type Card = Record<string, any>;

/** Everything in a card that is an object, depth first. */
export const nodes = (n: unknown): Card[] =>
  Array.isArray(n) ? n.flatMap(nodes) : n && typeof n === 'object' ? [n as Card, ...Object.values(n).flatMap(nodes)] : [];

/** Item n of a checklist card: its texts, and the data of its buttons by verb. */
export function itemOf(card: Card, n: number) {
  const box = nodes(card).find((x) => x.type === 'Container' && x.items?.some((i: Card) => i.type === 'TextBlock' && i.text.includes(`**${n}.**`)));
  if (!box) throw new Error(`no item ${n} on the card`);
  const texts = nodes(box)
    .filter((x) => x.type === 'TextBlock')
    .map((x) => x.text as string);
  const verb = (v: string) => nodes(box).find((x) => x.type === 'Action.Execute' && x.verb === v)?.data as Record<string, string>;
  return { texts: texts.join('\n'), set: verb('checklist.set'), details: verb('checklist.details'), save: verb('checklist.save') };
}
type Env = { readonly app: TestApp; readonly connector: FakeConnector };

/** `team(name)`: a team whose people talk to the app of `env` in the channel 19:<name>; the API is read with `key`. */
export function checklistTeams(env: Env, key: string, zone: string) {
  /** The id the bot knows a sent activity by (the fake connector numbers them). */
  const idOf = (s: Sent) => `sent-${env.connector.sent.indexOf(s) + 1}`;
  const sentSince = (start: number) => env.connector.sent.slice(start);

  async function team(name: string) {
    const channel = `19:${name}@thread.tacv2`;
    const thread = `${channel};messageid=1`;
    const activity = (user: string, opts: { text?: string; conversationId?: string } = {}): Record<string, unknown> => {
      const m = teamsMessage({
        serviceUrl: env.connector.url,
        scope: 'channel',
        userId: `29:${user}`,
        userName: user,
        conversationId: opts.conversationId ?? thread,
        ...(opts.text !== undefined ? { text: opts.text, mentionBot: true } : {}),
      });
      return {
        ...m,
        channelData: { ...(m.channelData as object), team: { id: `19:team-${name}@thread.tacv2` }, channel: { id: channel } },
        localTimezone: zone,
      };
    };
    const api = (query = '') => fetch(`${env.app.url}/api/progress/${encodeURIComponent(thread)}${query}`, { headers: { authorization: `Bearer ${key}` } });
    const t = {
      channel,
      thread,
      say: (user: string, text: string) => env.app.post(activity(user, { text })),
      /** A click on an Action.Execute button; the invoke's answer. */
      async execute(user: string, replyToId: string, verb: string, data: Record<string, unknown>, conversationId = thread) {
        const { text: _t, entities: _e, ...base } = activity(user, { conversationId });
        const res = await env.app.post({
          ...base,
          type: 'invoke',
          name: 'adaptiveCard/action',
          replyToId,
          value: { action: { type: 'Action.Execute', verb, data } },
        });
        expect(res.status).toBe(200);
        return (await res.json()) as { statusCode: number; value: Card };
      },
      /** The same button on an older client (Action.Submit), which arrives as a message. */
      submit: (user: string, replyToId: string, action: string, data: Record<string, unknown>) => {
        const { text: _t, entities: _e, ...base } = activity(user);
        return env.app.post({ ...base, replyToId, value: { ...data, action } });
      },
      progress: async () => (await api()).json(),
      csv: async () => (await api('?format=csv')).text(),
      /** "checklist <name>": the cards posted, with their message ids. */
      async post(list: string): Promise<{ card: Card; id: string }[]> {
        const start = env.connector.sent.length;
        await t.say('ada', `checklist ${list}`);
        return sentSince(start).map((s) => ({ card: cardsOf(s)[0], id: idOf(s) }));
      },
      /** What the bot sent in reply to `user` saying `text`. */
      async replies(user: string, text: string): Promise<Sent[]> {
        const start = env.connector.sent.length;
        await t.say(user, text);
        return sentSince(start);
      },
    };
    const { text: _t, ...install } = activity('ada');
    await env.app.post({ ...install, type: 'installationUpdate', action: 'add' });
    return t;
  }
  return { team, idOf, sentSince };
}

/**
 * Gives items of a checklist owners (people "29:<name>") and a due date, as the "Owner, date, note" editor
 * does: `owners` pairs an item's place in the checklist (0 = its first item) with the owner's name.
 */
export async function assignOwners(
  checklists: ChecklistService,
  scope: string,
  list: Checklist,
  owners: readonly (readonly [number, string])[],
  edit: { due: string; at: string; by: string; byName: string },
): Promise<void> {
  const items = numberedItems(list).map((x) => x.item);
  for (const [n, owner] of owners) await checklists.edit(scope, { checklist: list.id, item: items[n]!.id, owner, ownerId: `29:${owner}`, ...edit });
}
