// Activities as Teams sends them, for the tests and the benchmarks (src/testkit: test doubles both share;
// not part of the compiled bot).
let n = 0;

export type Scope = 'personal' | 'groupChat' | 'channel';

export function teamsMessage(opts: {
  serviceUrl: string;
  text?: string;
  value?: unknown;
  scope?: Scope;
  conversationId?: string;
  userId?: string;
  userName?: string;
  mentionBot?: boolean;
}): Record<string, unknown> {
  const scope = opts.scope ?? 'personal';
  const bot = { id: '28:zero-trust-bot', name: 'Zero Trust Guide' };
  const user = { id: opts.userId ?? '29:alice', name: opts.userName ?? 'Alice', aadObjectId: `aad-${opts.userId ?? 'alice'}` };
  const mention = `<at>${bot.name}</at>`;
  const text = opts.text === undefined ? undefined : opts.mentionBot ? `${mention} ${opts.text}` : opts.text;
  return {
    type: 'message',
    id: `msg-${++n}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl,
    from: user,
    recipient: bot,
    conversation: {
      id:
        opts.conversationId ??
        (scope === 'channel' ? '19:channel@thread.tacv2;messageid=1' : scope === 'groupChat' ? '19:group@thread.v2' : 'a:personal-alice'),
      conversationType: scope,
      ...(scope === 'personal' ? {} : { isGroup: true }),
      tenantId: 'tenant-1',
    },
    ...(text !== undefined ? { text } : {}),
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    ...(opts.mentionBot ? { entities: [{ type: 'mention', text: mention, mentioned: bot }] } : {}),
    channelData: {
      tenant: { id: 'tenant-1' },
      ...(scope === 'channel' ? { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:channel@thread.tacv2' } } : {}),
    },
    locale: 'en-US',
  };
}

export function installationAdd(serviceUrl: string, scope: Scope = 'channel'): Record<string, unknown> {
  const m = teamsMessage({ serviceUrl, scope });
  return { ...m, type: 'installationUpdate', action: 'add', text: undefined };
}
