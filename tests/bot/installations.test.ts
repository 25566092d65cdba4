// Where the bot is installed is written once per conversation: ten people asking at once in a conversation
// the bot has not met cost one write of its reference (they used to cost ten writes of the same record,
// queued on its lock, which under load ran past the store's time limit and failed turns).
import { TestAdapter, TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { Installations } from '../../src/bot/handlers/lifecycle.js';
import type { ReferenceStore, StoredReference } from '../../src/storage/references.js';

function countingReferences() {
  const saved: StoredReference[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const store: ReferenceStore = {
    save: async (ref) => {
      saved.push(ref);
      await gate;
    },
    remove: async () => true,
    get: async () => undefined,
    list: async () => [],
  };
  return { store, saved, release };
}

const contextIn = (adapter: TestAdapter, conversationId: string, user: string) =>
  new TurnContext(adapter, {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'https://smba.example/',
    conversation: { id: conversationId, conversationType: 'groupChat', isGroup: true, name: '' },
    from: { id: `29:${user}`, name: user },
    recipient: { id: '28:bot', name: 'bot' },
    text: 'hi',
  });

describe('remembering where the bot is installed', () => {
  it('ten messages at once in a new conversation write its reference once; a later one writes nothing', async () => {
    const { store, saved, release } = countingReferences();
    const installations = new Installations(() => store);
    const adapter = new TestAdapter();
    const turns = Array.from({ length: 10 }, (_, i) => installations.remember(contextIn(adapter, '19:group@thread.v2', `u${i}`)));
    release();
    await Promise.all(turns);
    expect(saved).toHaveLength(1);
    await installations.remember(contextIn(adapter, '19:group@thread.v2', 'late'));
    expect(saved).toHaveLength(1);
    // Another conversation is its own.
    await installations.remember(contextIn(adapter, '19:other@thread.v2', 'u0'));
    expect(saved).toHaveLength(2);
  });

  it('a save that failed is tried again by the next message', async () => {
    let calls = 0;
    const store: ReferenceStore = {
      save: async () => {
        if (++calls === 1) throw new Error('store down');
      },
      remove: async () => true,
      get: async () => undefined,
      list: async () => [],
    };
    const installations = new Installations(() => store);
    const adapter = new TestAdapter();
    await expect(installations.remember(contextIn(adapter, '19:c@thread.v2', 'a'))).rejects.toThrow('store down');
    await installations.remember(contextIn(adapter, '19:c@thread.v2', 'a'));
    expect(calls).toBe(2);
  });
});
