// One Bot Framework request, processed as CloudAdapter.process does, but with honest answers when the
// caller cannot be authenticated: a 401 with a fixed short body (never the token library's or the network's
// own words), one rate-limited log line instead of a stack trace on stderr, and a short pause after the
// signing keys could not be fetched, so a flood of forged requests does not refetch them on every request.
import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Log } from '../log.js';
import type { BotAdapter } from './adapter.js';

/** After the signing keys could not be fetched, requests are refused for this long without trying again. */
export const KEY_FETCH_PAUSE_MS = 30_000;
/** At most one "refused" log line per this many ms; the next line says how many were not logged. */
export const REFUSAL_LOG_INTERVAL_MS = 10_000;

export const UNAUTHORIZED_BODY = { error: { code: 'Unauthorized', message: 'the request could not be authenticated' } };

/** Timestamps arrive as strings; the SDK's own process() turns them into dates the same way. */
function asActivity(body: Record<string, unknown>): Activity {
  const a = body as Record<string, unknown>;
  for (const field of ['timestamp', 'expiration', 'localTimestamp']) {
    const raw = a[field];
    if (typeof raw === 'string') {
      a[`raw${field[0]!.toUpperCase()}${field.slice(1)}`] = raw;
      a[field] = new Date(raw);
    }
  }
  return a as unknown as Activity;
}

/** A failure to reach the identity service for its signing keys, rather than a bad token. */
const isKeyFetchFailure = (err: unknown) =>
  /request to https?:\/\/|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|fetch failed|socket hang up|network/i.test(String((err as Error)?.message ?? err));

/** Activities whose answer is not in the HTTP response: everything but invokes and "expect replies". */
const acknowledgeEarly = (a: Activity) => a.type !== 'invoke' && a.deliveryMode !== 'expectReplies';

export type MessageProcessor = (req: Request, res: Response, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

/** Whether a serviceUrl points at this machine (loopback), where the Agents Playground and tests run. */
export function isLoopbackUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

export type ProcessorOptions = {
  /** Local mode (no authentication): reply only to a serviceUrl on this machine, never post elsewhere. */
  loopbackOnly?: boolean;
  now?: () => number;
};

export function messageProcessor(adapter: BotAdapter, log: Log, { loopbackOnly = false, now = Date.now }: ProcessorOptions = {}): MessageProcessor {
  let pausedUntil = 0;
  let lastLogged = -Infinity;
  let unlogged = 0;
  const refuse = (res: Response, reason: string) => {
    const t = now();
    if (t - lastLogged >= REFUSAL_LOG_INTERVAL_MS) {
      log.warn('auth.refused', { reason, ...(unlogged ? { notLogged: unlogged } : {}) });
      lastLogged = t;
      unlogged = 0;
    } else unlogged++;
    res.status(401);
    res.json(UNAUTHORIZED_BODY);
  };

  return async (req, res, logic) => {
    const body = req.body as Record<string, unknown>;
    if (loopbackOnly && body.serviceUrl !== undefined && !isLoopbackUrl(body.serviceUrl)) {
      res.status(400);
      res.json({ error: { code: 'ServiceUrlNotAllowed', message: 'in local mode the bot replies only to a serviceUrl on this machine' } });
      return;
    }
    if (now() < pausedUntil) return refuse(res, 'signing keys unavailable');
    const header = req.header('authorization') ?? '';
    let started = false;
    let invokeResponse: { status: number; body?: unknown } | undefined;
    try {
      invokeResponse = await adapter.runActivity(header, asActivity(body), async (context) => {
        started = true;
        // Teams retries a request it has no answer to within about 15 s, and a turn's replies go out
        // through the connector, not this response: so a message is acknowledged as soon as its sender is
        // known, and a slow connector delays the replies, never the answer to Teams. Invokes (card
        // actions, compose-box searches) answer in the response itself, so they wait for the turn.
        if (acknowledgeEarly(context.activity)) {
          res.status(200);
          res.end();
        }
        await logic(context);
      });
    } catch (err) {
      // The turn's own failures are handled by onTurnError; what is thrown before the turn starts is the
      // caller's identity failing to check out.
      if (started) throw err;
      if (isKeyFetchFailure(err)) {
        pausedUntil = now() + KEY_FETCH_PAUSE_MS;
        return refuse(res, 'signing keys unavailable');
      }
      return refuse(res, (err as Error)?.name === 'AuthenticationError' ? 'bad or missing token' : 'token rejected');
    }
    if (res.headersSent) return;
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
    else res.end();
  };
}
