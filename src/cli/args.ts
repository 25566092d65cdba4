// Shared command-line pieces: where the content and an optional docs checkout are.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, SHARED_DIR } from '../paths.js';

export { ROOT };
export const CONTENT_DIR = resolve(ROOT, process.env.CONTENT_DIR ?? 'content');
/** The docs corpus beside the project, when there is one (developers and CI have it). */
export const SHARED_DOCS = resolve(SHARED_DIR, 'corpus/zero-trust');
/** The same docs as published today (no RaMP pages, many pages added since). */
export const SHARED_DOCS_HEAD = resolve(SHARED_DIR, 'corpus/zero-trust-head');

export function docsDirFrom(flag: string | undefined): string | undefined {
  const dir = flag ?? process.env.ZT_DOCS_DIR;
  if (!dir) return undefined;
  const full = resolve(dir);
  if (!existsSync(full)) {
    console.error(`docs folder not found: ${full}`);
    process.exit(2);
  }
  return full;
}
