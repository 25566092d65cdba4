// One retry policy for everything the bot sends to Teams (replies in a turn, posts from the notify API):
// the connector SDK's pipeline, configured here. Its default honours any Retry-After, however long (one 429
// with "Retry-After: 3600" would hold a conversation for an hour); ours waits at most MAX_RETRY_AFTER_MS,
// and a longer wait fails the call at once, saying how long Teams asked for, so callers can tell people.
import { type PipelinePolicy, type RetryStrategy, retryPolicy } from '@azure/core-rest-pipeline';

/** Longest Retry-After the bot waits for; Teams asking for more fails the call with ThrottledError. */
export const MAX_RETRY_AFTER_MS = 10_000;
/** Retries after the first try (throttling, 5xx, network errors). */
export const MAX_RETRIES = 2;
/** Each try gives up after this long: a connector that does not answer is as good as down. */
export const TRY_TIMEOUT_MS = 10_000;

/** Teams asked the bot to wait longer than it will: nothing was sent. */
export class ThrottledError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`Teams asked to wait ${Math.ceil(retryAfterMs / 1000)} s before sending again`);
    this.name = 'ThrottledError';
  }
}

function retryAfterMs(headers: { get(name: string): string | undefined }): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms'));
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Exponential backoff with jitter, for 5xx and network failures without a Retry-After. */
export const backoffMs = (attempt: number, random = Math.random) => {
  const ceiling = Math.min(2000, 250 * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
};

const cappedStrategy: RetryStrategy = {
  name: 'cappedRetry',
  retry({ retryCount, response, responseError }) {
    const status = response?.status;
    if (response && (status === 429 || status === 503)) {
      const wait = retryAfterMs(response.headers);
      if (wait !== undefined && wait > MAX_RETRY_AFTER_MS) return { errorToThrow: new ThrottledError(wait) };
      return { retryAfterInMs: wait ?? backoffMs(retryCount) };
    }
    if ((status !== undefined && status >= 500) || (responseError && !response)) return { retryAfterInMs: backoffMs(retryCount) };
    return { skipStrategy: true };
  },
};

/** Gives every request a time limit, unless its caller set one. */
const tryTimeout: PipelinePolicy = {
  name: 'tryTimeout',
  sendRequest(request, next) {
    if (!request.timeout) request.timeout = TRY_TIMEOUT_MS;
    return next(request);
  },
};

type Pipelined = { client?: { pipeline?: { removePolicy(o: { name: string }): unknown; addPolicy(p: PipelinePolicy, o?: { phase?: 'Retry' }): void } } };

/** Made once: a connector client is made for every turn, and policies hold no state of their own. */
const cappedRetry = retryPolicy([cappedStrategy], { maxRetries: MAX_RETRIES });

/** Replaces a connector client's default retry policy with ours; returns the client. */
export function budgeted<T>(connectorClient: T): T {
  const pipeline = (connectorClient as Pipelined).client?.pipeline;
  if (pipeline) {
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    pipeline.addPolicy(cappedRetry, { phase: 'Retry' });
    pipeline.addPolicy(tryTimeout);
  }
  return connectorClient;
}
