// How the bot takes what is not a Zero Trust question: greetings, thanks, small talk, requests it cannot
// serve, other languages, and a card sent from the compose box. Each gets a fitting reply, never an article.
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { buttons, firstCard, said, teamsTestBot } from '../helpers/bot.js';
import { SSPR_URL } from '../../src/bot/small-talk.js';
import { COMMANDS } from '../../src/bot/commands.js';

/** The one reply a group-chat message gets (a group chat never greets first). */
async function replyTo(text: string | Partial<Activity>): Promise<Partial<Activity>> {
  const { adapter } = teamsTestBot('groupChat');
  let reply: Partial<Activity> | undefined;
  await adapter
    .send(text as never)
    .assertReply((a) => void (reply = a))
    .startTest();
  return reply!;
}

const isAnswerCard = (a: Partial<Activity>) => !!a.attachments?.length && /Open in Microsoft Learn/.test(said(a));

describe('small talk gets a short fitting reply, not an article', () => {
  it.each([
    ['hello', /I answer questions about Zero Trust/],
    ['Hi there!', /I answer questions about Zero Trust/],
    ['good morning 👋', /I answer questions about Zero Trust/],
    ['thanks!', /welcome/i],
    ['thank you so much', /welcome/i],
    ['ok thanks', /welcome/i],
    ['cheers', /welcome/i],
    ['bye', /Bye/],
    ['ok', /Anything else/],
    ['how are you?', /All good/],
    ['tell me a joke', /joke about passwords/],
    ["what's the weather like in Seattle", /outside what I know/],
    ['who won the world cup', /outside what I know/],
  ])('"%s"', async (typed, reply) => {
    const a = await replyTo(typed);
    expect(a.text).toMatch(reply);
    expect(a.attachments ?? []).toHaveLength(0);
  });

  it('"who are you" and "what can you do" run about and help', async () => {
    expect(said(await replyTo('who are you?'))).toMatch(/CC BY 4\.0/);
    const help = said(await replyTo('what can you do'));
    for (const line of COMMANDS.flatMap((c) => c.help)) expect(help).toContain(line.what);
  });

  it('a greeting before a question answers the question', async () => {
    const a = await replyTo('hi, I am new to zero trust. where do I start?');
    expect(isAnswerCard(a)).toBe(true);
    expect(said(a)).not.toMatch(/Exchange/);
  });

  it('"reset my password" says the bot cannot, and offers the self-service password reset guidance', async () => {
    for (const typed of ['reset my password', 'I forgot my password', 'can you unlock my account please', "I'm locked out"]) {
      const a = await replyTo(typed);
      expect(a.text, typed).toMatch(/can’t reset passwords/);
      expect(a.text, typed).toContain(SSPR_URL);
    }
  });

  it('an admin asking how to roll out self-service password reset gets guidance, not the refusal', async () => {
    const a = await replyTo('how do we let users reset their own passwords safely');
    expect(a.text ?? '').not.toMatch(/can’t reset passwords/);
    expect(a.attachments?.length).toBeGreaterThan(0);
  });
});

describe('other languages', () => {
  it('a question whose terms are recognised is answered', async () => {
    const a = await replyTo('¿Cómo configuro MFA y Conditional Access?');
    expect(isAnswerCard(a)).toBe(true);
  });

  it.each(['¿Cómo protejo mi organización contra ataques de secuestro de datos?', 'Wie schütze ich meine Firma vor Erpressern?', 'ゼロトラストとは何ですか'])(
    'otherwise the bot says it understands English and offers starters: "%s"',
    async (typed) => {
      const a = await replyTo(typed);
      expect(a.text).toMatch(/understand questions in English/);
      expect(a.text).toMatch(/Try for example/);
    },
  );
});

describe('what is not a question', () => {
  it('a card sent from the compose box is not answered', async () => {
    const { adapter } = teamsTestBot('groupChat');
    const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [] } };
    await adapter
      .send({ type: 'message', text: '<span class="inline-compose-card" contenteditable="false" itemid="0"></span>', attachments: [card] } as never)
      .send('help')
      // The next reply is to "help": the card got none.
      .assertReply((a) => expect(buttons(firstCard(a))).toContain('pillars'))
      .startTest();
  });

  it('markup, template text and emoji are reduced to their words', async () => {
    const plain = said(await replyTo('conditional access policies'));
    for (const typed of ['<p><b>conditional access</b> policies</p>', '**conditional access** policies 🔐', '${conditional access} {{policies}}']) {
      expect(said(await replyTo(typed)).split('\n')[0], typed).toBe(plain.split('\n')[0]);
    }
  });
});
