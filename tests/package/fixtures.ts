// What the app package tests share: the values of the manifest's placeholders, and temporary folders that
// are removed after the file's tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const VARS = {
  TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
  BOT_ID: '99999999-8888-4777-8666-555555555555',
  BOT_DOMAIN: 'zt-test.example.com',
};

/** A function that makes a temporary folder, removed when the calling file's tests are done. */
export function tempFolders(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const t of made) rmSync(t, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
