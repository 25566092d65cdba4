// The HTTP front: restify with the Bot Framework endpoint, a health check and a graceful shutdown.
// Bad requests are answered here with a short JSON error and never reach the bot.
import restify, { type Request, type Response } from 'restify';
import { type ApiResult, type ExternalApi, bearer, sameSecret } from './api.js';
import type { Config } from './config.js';
import type { Log } from './log.js';
import { SITE_PAGES, renderPage } from './site.js';

export type Health = { ready: boolean; details: Record<string, unknown> };

export type ServerDeps = {
  config: Pick<Config, 'maxBodyBytes' | 'shutdownTimeoutMs'>;
  /** Runs one Bot Framework request (an activity) and writes the response. */
  messages: (req: Request, res: Response) => Promise<void>;
  health: () => Health;
  /** Checks what the bot depends on at run time (its store); /healthz answers 503 while it fails. */
  probe?: () => Promise<{ store: 'ok' | 'unavailable' } & Record<string, unknown>>;
  log: Log;
  /** The notify/progress API; its routes do not exist without a key. */
  api?: { key: string; handlers: ExternalApi } | undefined;
};

export type BotServer = {
  server: restify.Server;
  listen(port: number, host?: string): Promise<{ port: number }>;
  /** Stops taking requests and waits (up to the configured time) for those in flight. */
  close(): Promise<void>;
  inFlight(): number;
};

const jsonError = (res: Response, status: number, code: string, message: string) => {
  res.status(status);
  res.json({ error: { code, message } });
};

/**
 * Whether a string can be an id of Teams (a conversation, a user, a team) and so a part of a storage key:
 * at most 1,024 characters, well-formed Unicode, no spaces, control characters or path separators, no "..".
 */
export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 1024 && !/\p{Surrogate}/u.test(id) && !/[\s\p{Cc}/\\]/u.test(id) && !id.includes('..');
}

/** What is wrong with a body that claims to be an activity, or undefined when the adapter may see it. */
export function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'the body must be a Bot Framework activity: a JSON object with a "type"';
  const a = body as Record<string, unknown>;
  if (typeof a.type !== 'string' || !a.type) return 'the activity needs a "type"';
  for (const key of ['conversation', 'from', 'recipient']) {
    const v = a[key];
    if (v === undefined) continue;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return `"${key}" must be an object`;
    const id = (v as Record<string, unknown>).id;
    if (id !== undefined && !isValidId(id)) return `"${key}.id" must be an id: 1 to 1,024 characters without spaces, slashes or ".."`;
  }
  if ((a.type === 'message' || a.type === 'invoke') && !isValidId((a.conversation as Record<string, unknown> | undefined)?.id)) {
    return 'a message needs "conversation.id"';
  }
  for (const key of ['text', 'serviceUrl', 'channelId', 'id']) {
    if (a[key] !== undefined && a[key] !== null && typeof a[key] !== 'string') return `"${key}" must be a string`;
  }
  return undefined;
}

export function createServer({ config, messages, health, probe, log, api }: ServerDeps): BotServer {
  const server = restify.createServer({ name: 'zero-trust-guide', handleUncaughtExceptions: false });
  let active = 0;
  let closing = false;

  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, rejectUnknown: true }));

  // restify's own errors (bad JSON, too large, unsupported type, unknown route) in the same short form.
  server.on(
    'restifyError',
    (req: Request, res: Response, err: { statusCode?: number; body?: { code?: string }; message: string; toJSON?: () => unknown }, cb: () => void) => {
      const status = err.statusCode ?? 500;
      err.toJSON = () => ({ error: { code: err.body?.code ?? 'Error', message: status >= 500 ? 'internal error' : err.message } });
      if (status >= 500) log.error('http.error', { path: req.path(), message: err.message });
      cb();
    },
  );

  // The manifest's website, privacy and terms pages (see site.ts).
  for (const page of SITE_PAGES) {
    const html = renderPage(page);
    server.get(page.path, async (_req: Request, res: Response) => {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'public, max-age=3600',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(html);
    });
  }

  server.get('/healthz', async (_req: Request, res: Response) => {
    const h = health();
    const checked = h.ready && !closing && probe ? await probe() : undefined;
    const storeDown = checked?.store === 'unavailable';
    res.status(h.ready && !closing && !storeDown ? 200 : 503);
    res.json({ status: closing ? 'stopping' : !h.ready ? 'loading' : storeDown ? 'store-unavailable' : 'ok', ...checked, ...h.details });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (closing) return jsonError(res, 503, 'ShuttingDown', 'the bot is restarting; retry shortly');
    if (!health().ready) {
      res.header('Retry-After', '2');
      return jsonError(res, 503, 'Loading', 'the knowledge base is still loading; retry shortly');
    }
    if (!req.is('json')) return jsonError(res, 415, 'UnsupportedMediaType', 'send the activity as application/json');
    const problem = activityProblem(req.body);
    if (problem) return jsonError(res, 400, 'InvalidActivity', problem);
    active++;
    try {
      await messages(req, res);
    } catch (err) {
      // The adapter rejects malformed activity fields by throwing a validation error.
      const e = err as Error;
      if (e?.name === 'ZodError' || /invalid|malformed/i.test(e?.message ?? '')) {
        if (!res.headersSent) jsonError(res, 400, 'InvalidActivity', 'the activity has fields of the wrong type');
      } else {
        log.error('messages.failed', { message: e?.message });
        if (!res.headersSent) jsonError(res, 500, 'InternalError', 'internal error');
      }
    } finally {
      active--;
    }
  });

  if (api) {
    const guarded = (handler: (req: Request) => Promise<ApiResult>) => async (req: Request, res: Response) => {
      const given = bearer(req.header('authorization'));
      if (!given || !sameSecret(given, api.key)) {
        res.header('WWW-Authenticate', 'Bearer');
        return jsonError(res, 401, 'Unauthorized', 'send the API key as "Authorization: Bearer <key>"');
      }
      if (!health().ready) return jsonError(res, 503, 'Loading', 'the knowledge base is still loading; retry shortly');
      active++;
      try {
        const result = await handler(req);
        res.status(result.status);
        if (result.contentType && typeof result.body === 'string') {
          res.setHeader('content-type', result.contentType);
          res.sendRaw(result.body);
        } else res.json(result.body);
      } catch (err) {
        log.error('api.failed', { path: req.path(), message: (err as Error).message });
        jsonError(res, 500, 'InternalError', 'internal error');
      } finally {
        active--;
      }
    };
    server.post(
      '/api/notify',
      guarded(async (req) => {
        const body = req.body as { conversationId?: unknown; checklist?: unknown } | undefined;
        if (!req.is('json') || !body || typeof body !== 'object' || Array.isArray(body)) {
          return { status: 400, body: { error: { code: 'InvalidRequest', message: 'send JSON {"conversationId": "...", "checklist": "..."}' } } };
        }
        if (!isValidId(body.conversationId) || typeof body.checklist !== 'string' || !body.checklist || body.checklist.length > 200) {
          return {
            status: 400,
            body: { error: { code: 'InvalidRequest', message: '"conversationId" must be a conversation id and "checklist" a checklist name' } },
          };
        }
        return api.handlers.notify(body.conversationId, body.checklist);
      }),
    );
    server.get(
      '/api/conversations',
      guarded(() => api.handlers.conversations()),
    );
    server.get(
      '/api/progress/:conversationId',
      guarded(async (req) => {
        const wantsCsv = req.query?.format === 'csv' || /text\/csv/.test(req.header('accept') ?? '');
        const id: unknown = req.params.conversationId;
        if (!isValidId(id)) return { status: 400, body: { error: { code: 'InvalidRequest', message: 'the path must end in a conversation id' } } };
        return api.handlers.progress(id, wantsCsv ? 'csv' : 'json');
      }),
    );
  }

  const listen = (port: number, host = '0.0.0.0') =>
    new Promise<{ port: number }>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => {
        server.removeListener('error', fail);
        ok({ port: (server.address() as { port: number }).port });
      });
    });

  const close = async () => {
    closing = true;
    const closed = new Promise<void>((ok) => server.close(() => ok()));
    const deadline = Date.now() + config.shutdownTimeoutMs;
    while (active > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    if (active > 0) log.warn('shutdown.timeout', { inFlight: active });
    // Idle keep-alive sockets would hold close() open.
    (server.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
  };

  return { server, listen, close, inFlight: () => active };
}
