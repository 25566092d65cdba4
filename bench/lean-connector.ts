// A lean stand-in for the Bot Connector service, for load tests: it answers every activity as the real
// service does ({"id": ...}) and only counts what arrived, so a run of 100k turns keeps no activities in
// memory. src/testkit/fake-connector.ts is the recording one for tests.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';

export type ConnectorCounts = {
  /** POSTs of an activity to /v3/conversations/{id}/activities[/{replyToId}]. */
  replies: number;
  /** Of those, replies that carry an Adaptive Card. */
  cards: number;
  /** Anything else the bot asked for (other paths or methods): should stay 0. */
  other: number;
  /** What the first reply since the last reset said (its text, or its card's first text), to show it. */
  sample?: string;
};

export type LeanConnector = {
  url: string;
  counts(): ConnectorCounts;
  reset(): void;
  close(): Promise<void>;
};

const ACTIVITY_PATH = /^\/v3\/conversations\/[^/]+\/activities(?:\/[^/?]+)?(?:\?|$)/;

function describe(body: string): string {
  try {
    const a = JSON.parse(body) as { text?: string; attachments?: { contentType?: string; content?: { body?: { text?: string }[] } }[] };
    if (a.text) return `text: ${a.text}`;
    const card = a.attachments?.find((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
    if (card) return `card: ${card.body?.find((e) => typeof e.text === 'string')?.text ?? '(no text)'}`;
    return `activity: ${body.slice(0, 80)}`;
  } catch {
    return `unparsable: ${body.slice(0, 80)}`;
  }
}

export async function startLeanConnector(): Promise<LeanConnector> {
  let counts: ConnectorCounts = { replies: 0, cards: 0, other: 0 };
  let n = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && ACTIVITY_PATH.test(req.url ?? '')) {
        counts.replies++;
        const body = Buffer.concat(chunks).toString('utf8');
        if (body.includes('application/vnd.microsoft.card.adaptive')) counts.cards++;
        counts.sample ??= describe(body);
      } else {
        counts.other++;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"id":"sent-${++n}"}`);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = { replies: 0, cards: 0, other: 0 };
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
