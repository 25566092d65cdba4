// Hostile and malformed requests for the fuzz suite (tests/bot/fuzz.test.ts) and the fuzz report
// (bench/fuzz.ts): long words and texts, odd unicode, deep JSON, bogus field types, and card actions and
// invokes with values of every wrong shape. Deterministic: the same seed gives the same inputs.
import { teamsMessage } from './activities.js';

/** mulberry32: a small seeded generator, so a failure can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FuzzInput = { name: string; body: string; headers?: Record<string, string> };

const letters = (rand: () => number, n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('');

/** JSON nested `depth` levels deep around `leaf`, built as text (JSON.stringify would recurse too). */
const nested = (depth: number, leaf = '"x"') => `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;

const ODD = [
  '\ud800', // lone high surrogate
  'abc\udfffdef',
  '\u202e\u202dreversed',
  'zero\u200bwidth\u200cjoin\u200d',
  '🔐🛡️👩🏽‍💻 mfa',
  'e\u0301\u0301\u0301\u0301',
  '\u0000nul\u0000',
  '﷽'.repeat(200),
  'Ω≈ç√∫˜µ≤≥÷',
  '<script>alert(1)</script>',
  '${secret} {{x}} [link](javascript:alert(1))',
  '\r\n\t'.repeat(100),
];

const WRONG_VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  true,
  '',
  'x',
  [],
  [null],
  {},
  { action: null },
  { action: 42 },
  { action: {} },
  { action: 'checklist.set' },
  { action: 'feedback', helpful: 'maybe', query: { a: 1 } },
  { action: 'checklist.set', checklist: '../../etc', item: [], status: {} },
];

const INVOKE_NAMES = [
  'adaptiveCard/action',
  'composeExtension/query',
  'composeExtension/queryLink',
  'composeExtension/selectItem',
  'task/fetch',
  'signin/verifyState',
  'fileConsent/invoke',
  'no/such/invoke',
  '',
];

export function fuzzInputs(serviceUrl: string, count = 400, seed = 1): FuzzInput[] {
  const rand = seeded(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const msg = (text: unknown, extra: Record<string, unknown> = {}) => ({ ...teamsMessage({ serviceUrl, scope: 'groupChat', text: 'x' }), text, ...extra });
  const out: FuzzInput[] = [];
  const add = (name: string, body: unknown) => out.push({ name, body: typeof body === 'string' ? body : JSON.stringify(body) });

  // The words and texts that cost the most: each length random and repeated.
  for (const n of [1000, 5000, 28_000]) {
    add(`word of ${n} random letters`, msg(letters(rand, n)));
    add(`word of ${n} repeated letters`, msg('a'.repeat(n)));
    add(`pillar + word of ${n} letters`, msg(`pillar ${letters(rand, n)}`));
    add(`roles + word of ${n} letters`, msg(`roles ${'b'.repeat(n)}`));
  }
  add('50,000 words', msg(Array.from({ length: 50_000 }, () => letters(rand, 5)).join(' ')));
  add('deep JSON in the body', `{"type":"message","text":"hi","channelData":${nested(20_000)}}`);
  add('deep conversation.id', `{"type":"message","text":"hi","conversation":{"id":${nested(20_000)}}}`);
  for (const s of ODD) add(`odd text ${JSON.stringify(s).slice(0, 30)}`, msg(s));

  const generators: (() => void)[] = [
    () => add('text of random length', msg(letters(rand, 1 + Math.floor(rand() * 3000)).replace(/(.{1,12})/g, '$1 '))),
    () => add('odd unicode', msg(pick(ODD) + letters(rand, 20))),
    () => add('text of a wrong type', msg(pick([42, true, null, [], {}, { text: 'x' }]))),
    () =>
      add(
        'conversation id of a wrong kind',
        msg('hi', {
          conversation: pick([{ id: '' }, { id: 42 }, { id: {} }, { id: '../../../../etc/passwd' }, { id: 'x'.repeat(5000) }, { id: '\ud800' }, {}, null]),
        }),
      ),
    () => add('from of a wrong kind', msg('hi', { from: pick([null, {}, { id: 7 }, { id: '' }, { id: '[object Object]' }]) })),
    () => add('card submit with a wrong value', msg(undefined, { value: pick(WRONG_VALUES) })),
    () =>
      add('invoke with a wrong value', {
        ...teamsMessage({ serviceUrl, scope: 'channel' }),
        type: 'invoke',
        name: pick(INVOKE_NAMES),
        value: pick([
          ...WRONG_VALUES,
          { action: { type: 'Action.Execute', verb: pick(['checklist.set', 'checklist.refresh', 'nope', '']), data: pick(WRONG_VALUES) } },
          { commandId: 'searchGuidance', parameters: pick([null, 'x', [{ name: 'query', value: 7 }], [{ name: 'query', value: letters(rand, 5000) }]]) },
          { url: pick([null, 7, 'javascript:x', 'https://learn.microsoft.com/security/zero-trust/' + letters(rand, 3000)]) },
        ]),
      }),
    () =>
      add('an activity of an unknown type', {
        ...teamsMessage({ serviceUrl, scope: 'groupChat', text: 'hi' }),
        type: pick(['typing', 'conversationUpdate', 'installationUpdate', 'messageReaction', 'event', 'endOfConversation', letters(rand, 8)]),
        action: pick(['add', 'remove', 7, null]),
        membersAdded: pick([null, 'x', [{}], [{ id: 7 }]]),
      }),
    () => add('channel data of a wrong kind', msg('hi', { channelData: pick([null, 'x', [], { team: 'x' }, { team: { id: {} } }, { tenant: 7 }]) })),
    () =>
      add(
        'entities of a wrong kind',
        msg('<at>Bot</at> hi', { entities: pick([null, 'x', [null], [{ type: 'mention', mentioned: 7 }], [{ type: 'mention', text: {} }]]) }),
      ),
    () => add('broken JSON', pick(['{', '{"type":', '[]', 'null', '"x"', '{"type":"message","text":"\\ud800"}', '{"type":"message"'.padEnd(5000, ' ')])),
  ];
  while (out.length < count) pick(generators)();
  return out;
}
