// The HTTP API for tools outside Teams: post a checklist into a conversation, list where the bot is
// installed, read a team's progress. Guarded by one API key; off when no key is configured.
import { createHash, timingSafeEqual } from 'node:crypto';

export type ApiResult = { status: number; body: unknown; contentType?: string };

export type ExternalApi = {
  notify(conversationId: string, checklist: string): Promise<ApiResult>;
  conversations(): Promise<ApiResult>;
  progress(conversationId: string, format: 'json' | 'csv'): Promise<ApiResult>;
};

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** The key from "Authorization: Bearer <key>" exactly (one space, nothing after the key), or undefined. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer ([^\s]+)$/i.exec(header ?? '');
  return m?.[1];
}
