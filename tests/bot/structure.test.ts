// The bot's code stays in small files named for what they hold: the bot class routes, the command table
// declares, and each kind of handler has a module of its own.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../src/paths.js';

const BOT_DIR = join(ROOT, 'src/bot');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

describe('src/bot', () => {
  it('has no file of 150 lines or more', () => {
    const long = files(BOT_DIR)
      .map((f) => ({ file: relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines >= 150);
    expect(long).toEqual([]);
  });

  it('keeps botbuilder out of the command table and its handlers’ declarations', () => {
    for (const f of ['commands.ts', 'command-spec.ts', 'command-parser.ts']) expect(readFileSync(join(BOT_DIR, f), 'utf8'), f).not.toMatch(/from 'botbuilder/);
  });
});
