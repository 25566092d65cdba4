// A stand-in for the Bot Connector service on loopback: records what the bot sends and answers as the
// real service does ({"id": ...}). Optional scripted statuses let a test answer 429 or 403.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

/** `id`: what the connector answered with, the id the bot knows the activity by (replies to it name it). */
export type Sent = { method: string; path: string; conversationId: string; replyToId?: string; id: string; activity: any };

export type FakeConnector = {
  url: string;
  sent: Sent[];
  /** Every request that reached the connector, answered or refused (a retry counts again). */
  attempts(): number;
  /** Resolves when at least `n` activities have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<Sent[]>;
  /** The next matching requests get these statuses (and headers) instead of 200. */
  failNext(...answers: { status: number; headers?: Record<string, string> }[]): void;
  /** Every request to this conversation gets this status, as Teams answers for a user who removed the app (403). */
  refuse(conversationId: string, status?: number): void;
  /** Requests that reached the connector for this conversation, answered or refused. */
  attemptsTo(conversationId: string): number;
  /** Answer every request this much later, as a slow network would. */
  delay(ms: number): void;
  reset(): void;
  close(): Promise<void>;
};

export async function startFakeConnector(): Promise<FakeConnector> {
  const sent: Sent[] = [];
  const scripted: { status: number; headers?: Record<string, string> }[] = [];
  let waiters: (() => void)[] = [];
  let n = 0;
  let delayMs = 0;
  let attempts = 0;
  const refused = new Map<string, number>();
  const perConversation = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () =>
      setTimeout(() => {
        attempts++;
        const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
        const conversationId = decodeURIComponent(m?.[1] ?? '');
        perConversation.set(conversationId, (perConversation.get(conversationId) ?? 0) + 1);
        const refusal = refused.get(conversationId);
        const answer = refusal ? { status: refusal, headers: {} } : scripted.shift();
        if (answer) {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify({ error: { code: 'Scripted', message: `scripted ${answer.status}` } }));
          return;
        }
        let activity: any;
        try {
          activity = body ? JSON.parse(body) : undefined;
        } catch {
          activity = body;
        }
        const id = `sent-${++n}`;
        sent.push({
          method: req.method ?? '',
          path: req.url ?? '',
          conversationId,
          ...(m?.[2] ? { replyToId: decodeURIComponent(m[2]) } : {}),
          id,
          activity,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id }));
        const w = waiters;
        waiters = [];
        for (const f of w) f();
      }, delayMs),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    attempts: () => attempts,
    sent,
    waitFor(count, ms = 10_000) {
      return new Promise((ok, fail) => {
        const deadline = setTimeout(
          () => fail(new Error(`expected ${count} activities, got ${sent.length}: ${JSON.stringify(sent.map((s) => s.activity?.text ?? s.activity?.type))}`)),
          ms,
        );
        const check = () => {
          if (sent.length >= count) {
            clearTimeout(deadline);
            ok(sent);
          } else waiters.push(check);
        };
        check();
      });
    },
    failNext: (...answers) => scripted.push(...answers),
    refuse: (conversationId, status = 403) => refused.set(conversationId, status),
    attemptsTo: (conversationId) => perConversation.get(conversationId) ?? 0,
    delay: (ms) => {
      delayMs = ms;
    },
    reset: () => {
      sent.length = 0;
      scripted.length = 0;
      attempts = 0;
      refused.clear();
      perConversation.clear();
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** Cards in what the bot sent, with their text flattened for easy assertions. */
export function cardsOf(s: Sent): any[] {
  return (s.activity?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);
}

export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      for (const [k, v] of Object.entries(n)) {
        if (['text', 'title', 'value', 'url', 'fallbackText'].includes(k) && typeof v === 'string') {
          out.push(v.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
        } else walk(v);
      }
    }
  };
  walk(card);
  return out.join('\n');
}

/** Every URL a card opens or links to. */
export function cardLinks(card: unknown): string[] {
  const text = JSON.stringify(card);
  return [...text.matchAll(/https:\/\/learn\.microsoft\.com[^"\s)\]]*/g)].map((m) => m[0]);
}
