// Helpful / not helpful clicks, kept as one JSON line each so they can be read with any tool and never
// rewrite what is already there.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type Feedback = {
  time: string;
  helpful: boolean;
  query: string;
  resultId: string;
  conversationId: string;
  /** Who clicked, as the channel identifies them (an AAD object id in Teams). */
  userId: string;
};

export type FeedbackLog = {
  record(f: Feedback): Promise<void>;
  all(): Promise<Feedback[]>;
};

export function fileFeedbackLog(file: string): FeedbackLog {
  let ready: Promise<unknown> | undefined;
  return {
    async record(f) {
      ready ??= mkdir(dirname(file), { recursive: true });
      await ready;
      await appendFile(file, `${JSON.stringify(f)}\n`, 'utf8');
    },
    async all() {
      const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : Promise.reject(e)));
      return text
        .split('\n')
        .filter(Boolean)
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Feedback];
          } catch {
            return [];
          }
        });
    },
  };
}
