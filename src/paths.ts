// Where the project's files are. This module runs from src/ (tests, development scripts under tsx) and
// from dist/ (the compiled bot that `npm start` runs); both sit one folder below the project root.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The Adaptive Card templates. */
export const CARDS_DIR = resolve(ROOT, 'cards');
export const PACKAGE_JSON = resolve(ROOT, 'package.json');
/** The shared folder beside the project: the docs corpus and the evaluation questions, where present. */
export const SHARED_DIR = resolve(ROOT, '../shared');
