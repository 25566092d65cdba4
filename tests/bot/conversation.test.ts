// Conversations with the bot on botbuilder's TestAdapter, as Teams (channel "msteams") would hold them.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buttons, firstCard, from, knowledge, said, teamsTestBot } from '../helpers/bot.js';
import { cardLinks } from '../../src/testkit/fake-connector.js';

const catalog = () => knowledge().catalog;

describe('commands', () => {
  it('greets a new person in a 1:1 chat once, then answers what they asked', async () => {
    const { adapter } = teamsTestBot('personal');
    await adapter
      .send('help')
      .assertReply((a) => expect(said(a)).toMatch(/Zero Trust/))
      .assertReply((a) => expect(buttons(firstCard(a))).toEqual(expect.arrayContaining(['pillars', 'roles'])))
      .send('help')
      .assertReply((a) => expect(buttons(firstCard(a))).toContain('pillars'))
      .startTest();
  });

  it('understands commands in any case, with typos, or as phrases', async () => {
    for (const typed of ['PILLARS', 'pilars', 'show me the pillars', 'what are the seven pillars']) {
      const { adapter } = teamsTestBot('groupChat');
      await adapter
        .send(typed)
        .assertReply((a) => {
          const names = catalog().pillars.map((p) => p.name);
          for (const n of names) expect(said(a)).toContain(n);
        })
        .startTest();
    }
  });

  it('about names the source, the licence, the snapshot and the version', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('About')
      .assertReply((a) => {
        const text = said(a);
        expect(text).toMatch(/CC BY 4\.0/);
        expect(text).toMatch(/Microsoft Learn/);
        expect(text).toMatch(/0\.1\.0/);
        expect(text).toMatch(/2025/);
      })
      .startTest();
  });

  it('ramp lists the initiatives and "ramp 2" opens the ransomware step with its live link', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('ramp')
      .assertReply((a) => {
        for (const i of catalog().ramp.initiatives) expect(said(a)).toContain(i.name);
      })
      .send('ramp 2')
      .assertReply((a) => {
        expect(said(a)).toMatch(/Ransomware/i);
        expect(said(a)).toMatch(/retired/i);
        expect(cardLinks(firstCard(a))).toContain('https://learn.microsoft.com/security/ransomware/protect-against-ransomware');
      })
      .startTest();
  });

  it('azure shows the Azure services articles', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('azure')
      .assertReply((a) => expect(cardLinks(firstCard(a)).some((u) => u.includes('/security/zero-trust/azure-'))).toBe(true))
      .startTest();
  });
});

describe('questions', () => {
  it('a question gets an answer card with the right link, alternatives and feedback buttons', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('how do we protect against ransomware')
      .assertReply((a) => {
        const card = firstCard(a);
        expect(card.version).toBe('1.5');
        expect(cardLinks(card)[0]).toMatch(/protect-against-ransomware|ransomware-recovery-readiness/);
        expect(said(a)).toMatch(/Microsoft Learn, CC BY 4\.0/);
        expect(JSON.stringify(card)).toMatch(/"helpful":true/);
      })
      .startTest();
  });

  it('a misspelt question still finds the page', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('conditonal acess')
      .assertReply((a) => expect(cardLinks(firstCard(a)).join(' ')).toMatch(/identity-device-access-policies|deploy\/identity|validate-trust/))
      .startTest();
  });

  it('nonsense gets help with example questions, never silence', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('qwzx blorft')
      .assertReply((a) => expect(buttons(firstCard(a)).length).toBeGreaterThan(1))
      .startTest();
  });

  it('the @mention of the bot is stripped before the text is read', async () => {
    const { adapter } = teamsTestBot('channel');
    await adapter
      .send(from('alice', 'pillars', { mention: true }))
      .assertReply((a) => expect(said(a)).toContain(catalog().pillars[0]!.name))
      .startTest();
  });

  it('a helpful / not helpful click is recorded and thanked', async () => {
    const { adapter, feedbackFile } = teamsTestBot('groupChat');
    await adapter
      .send({ type: 'message', value: { action: 'feedback', helpful: false, query: 'mfa', resultId: 'pillar:identity' } } as any)
      .assertReply((a) => expect(a.text).toMatch(/thanks/i))
      .startTest();
    const lines = (await readFile(feedbackFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ helpful: false, query: 'mfa', resultId: 'pillar:identity', userId: '29:alice' })]);
  });
});

describe('role onboarding', () => {
  it('choosing a role by button shows its documentation sets, RaMP steps and where to start', async () => {
    const role = catalog().roles.find((r) => r.name === 'Security architect')!;
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('roles')
      .assertReply((a) => expect(buttons(firstCard(a))).toContain(`role ${role.id}`))
      .send(from('alice', `role ${role.id}`, { click: true }))
      .assertReply((a) => {
        const links = cardLinks(firstCard(a));
        for (const id of role.docSets)
          expect(links).toContain(
            catalog()
              .docSets.find((d) => d.id === id)!
              .url.split('#')[0],
          );
        expect(said(a)).toContain(role.name);
      })
      .startTest();
  });

  it('typing a role, with a typo, answers the prompt', async () => {
    const { adapter } = teamsTestBot('personal');
    await adapter
      .send('hi')
      .assertReply(() => {})
      .send('roles')
      .assertReply(() => {})
      .send('aplication developer')
      .assertReply((a) => expect(said(a)).toMatch(/Application developer/))
      .startTest();
  });

  it('a question typed instead of a role is answered, and the dialog ends', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('roles')
      .assertReply(() => {})
      .send('what is microsegmentation')
      .assertReply((a) => expect(cardLinks(firstCard(a)).length).toBeGreaterThan(0))
      .send('security architect')
      .assertReply((a) => expect(cardLinks(firstCard(a)).length).toBeGreaterThan(0))
      .startTest();
  });
});

describe('pillar walkthrough', () => {
  it('pillar -> objectives -> one objective -> next / back / done', async () => {
    const identity = catalog().pillars.find((p) => p.id === 'identity')!;
    const [first, second] = identity.objectives;
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('pillars')
      .assertReply((a) => expect(buttons(firstCard(a))).toContain('pillar identity'))
      .send(from('alice', 'pillar identity', { click: true }))
      .assertReply((a) => expect(said(a)).toContain(first!.title))
      .send(from('alice', '1', { click: true }))
      .assertReply((a) => {
        expect(said(a)).toContain(first!.title);
        expect(said(a)).toContain(`1 of ${identity.objectives.length}`);
        expect(buttons(firstCard(a))).toEqual(expect.arrayContaining(['next', 'done']));
      })
      .send(from('alice', 'next', { click: true }))
      .assertReply((a) => expect(said(a)).toContain(second!.title))
      .send('back')
      .assertReply((a) => expect(said(a)).toContain(first!.title))
      .send(from('alice', 'done', { click: true }))
      .assertReply((a) => expect(a.text).toMatch(/Done with the Identit/))
      .startTest();
  });

  it('a new command ends a stale walkthrough', async () => {
    const { adapter } = teamsTestBot('groupChat');
    await adapter
      .send('pillar networks')
      .assertReply(() => {})
      .send('about')
      .assertReply((a) => expect(said(a)).toMatch(/CC BY 4\.0/))
      .send('next')
      .assertReply((a) => expect(firstCard(a)).toBeDefined())
      .startTest();
  });
});

describe('group chats and channels', () => {
  it('two people in one conversation never share a dialog', async () => {
    const { adapter } = teamsTestBot('groupChat');
    const endpoints = catalog().pillars.find((p) => p.id === 'endpoints')!;
    await adapter
      .send(from('alice', 'pillar endpoints'))
      .assertReply((a) => expect(said(a)).toContain(endpoints.objectives[0]!.title))
      .send(from('bob', 'roles'))
      .assertReply((a) => expect(buttons(firstCard(a)).some((b) => b.startsWith('role '))).toBe(true))
      // Alice's answer goes to her walkthrough, not to Bob's role prompt.
      .send(from('alice', '1'))
      .assertReply((a) => expect(said(a)).toContain(`1 of ${endpoints.objectives.length}`))
      // Bob's answer goes to his role prompt.
      .send(from('bob', 'application developer'))
      .assertReply((a) => expect(said(a)).toMatch(/Application developer/))
      .startTest();
  });
});
