// Browser tests: Debian's Chromium driven by playwright-core, the Microsoft 365 Agents Playground started the
// way `npm run playground` starts it, and a few steps a person takes in the Playground's chat.
// Nothing leaves the machine: the browser context refuses every request that is not to loopback (the
// Playground's page asks a CDN for fonts; a card's "Open in Microsoft Learn" opens learn.microsoft.com) and
// records it, so a test can assert where a link would have gone.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { type RunningPlayground, spawnPlayground } from '../../src/cli/playground.js';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** Why browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing (on Debian: apt-get install chromium); CI installs it`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A browser context (popups included) that only reaches loopback; `refused` lists every other URL asked for. */
export async function offlineContext(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; refused: string[] }> {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce', locale: 'en-US', timezoneId: 'UTC' });
  const refused: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK.has(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    refused.push(url.href);
    return route.abort('blockedbyclient');
  });
  return { context, refused };
}

/** The Agents Playground on a free port, pointed at a bot, logging to a temporary file. */
export async function startPlayground(botUrl: string, channel: 'msteams' = 'msteams'): Promise<RunningPlayground> {
  const dir = mkdtempSync(join(tmpdir(), 'zt-playground-'));
  // Should the test process end without its afterAll (a crash, a timeout), the Playground ends with it.
  const onSpawn = (child: ChildProcess) => process.once('exit', () => child.kill('SIGKILL'));
  const playground = await spawnPlayground({
    endpoint: `${botUrl}/api/messages`,
    port: 0,
    channel,
    logFile: join(dir, 'agentsplayground.log'),
    timeoutMs: 30_000,
    onSpawn,
  });
  return {
    ...playground,
    async stop() {
      await playground.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How to tell the bot's reply from other cards it sends (a welcome, say): text it shows, or an element it has. */
export type ReplyMatch = { hasText?: string | RegExp; has?: Locator };

/**
 * The Playground's chat as a person sees it. Its DOM (0.2.x): the compose box is a Lexical editor
 * (`[role=textbox][contenteditable]`), each bot card renders as `.ac-adaptiveCard` (Adaptive Cards JS),
 * Action.Submit as a button and Action.OpenUrl as a button with role "link" whose title is the URL,
 * markdown links in text as `<a href>`. The user's own messages are plain text bubbles.
 */
export function playgroundChat(page: Page, timeoutMs = 20_000) {
  const cards = page.locator('.ac-adaptiveCard');
  const composeBox = page.locator('[role="textbox"][contenteditable="true"]');

  /** Waits for a card after the first `before` ones that matches `reply`, and returns it. */
  async function reply(before: number, match: ReplyMatch, what: string): Promise<Locator> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const count = await cards.count();
      for (let i = before; i < count; i++) {
        const card = cards.nth(i);
        if ((await card.filter(match).count()) > 0) {
          // The card's frame (.fai-OutputCard) holds it with a margin: bring all of it into view.
          await card.evaluate((e) => (e.closest('.fai-OutputCard') ?? e).scrollIntoView({ block: 'end' }));
          return card;
        }
      }
      await page.waitForTimeout(100);
    }
    const seen = await Promise.all((await cards.all()).slice(before).map(async (c) => (await c.innerText()).split('\n')[0]));
    throw new Error(`no matching card from the bot within ${timeoutMs} ms after ${what}; new cards: ${JSON.stringify(seen)}`);
  }

  return {
    cards,
    composeBox,
    /** Waits for the first card (the bot's welcome, sent when the Playground installs the bot). */
    async welcome(): Promise<Locator> {
      const first = cards.first();
      await first.waitFor({ state: 'visible', timeout: timeoutMs });
      return first;
    },
    /** Types a message into the compose box as a person does, sends it with Enter, returns the bot's reply. */
    async say(text: string, match: ReplyMatch): Promise<Locator> {
      const before = await cards.count();
      await composeBox.click();
      await page.keyboard.type(text, { delay: 10 });
      await page.keyboard.press('Enter');
      return reply(before, match, `saying "${text}"`);
    },
    /**
     * Before a picture: no focus and no hover (the compose box's focus line and hovered elements fade in
     * and out), and a moment for those transitions to end.
     */
    async steady(): Promise<void> {
      await composeBox.blur();
      await page.mouse.move(0, 0);
      await page.waitForTimeout(500);
    },
    /** Clicks a button on a card (Action.Submit) and returns the card the bot answers with. */
    async click(card: Locator, button: string, match: ReplyMatch): Promise<Locator> {
      const before = await cards.count();
      await card.getByRole('button', { name: button, exact: true }).click();
      return reply(before, match, `clicking "${button}"`);
    },
  };
}

/** CSS for screenshots that come out the same from run to run: no clock times (messages, chat list). */
export const STABLE_SCREENSHOT_CSS = [
  '[aria-label="Message timestamp"] { visibility: hidden !important; }',
  '[role="treeitem"] > div > div:first-child > div:nth-child(2) { visibility: hidden !important; }',
].join('\n');

/**
 * Writes a screenshot unless the file already holds the same picture: Chromium's anti-aliasing varies by a
 * few pixels from run to run, and a test run should not leave docs/ changed for that. More than `tolerance`
 * differing pixels (or another size) is a change, and is saved.
 */
export async function savePicture(browser: Browser, file: string, png: Buffer, tolerance = 100): Promise<'saved' | 'unchanged'> {
  if (existsSync(file)) {
    const old = readFileSync(file);
    if (old.equals(png)) return 'unchanged';
    const page = await browser.newPage();
    try {
      const differing = await page.evaluate(
        async (sources) => {
          const images = await Promise.all(
            sources.map(
              (src) =>
                new Promise<HTMLImageElement>((ok, fail) => {
                  const img = new Image();
                  img.onload = () => ok(img);
                  img.onerror = () => fail(new Error('not a PNG'));
                  img.src = `data:image/png;base64,${src}`;
                }),
            ),
          );
          const [a, b] = images as [HTMLImageElement, HTMLImageElement];
          if (a.width !== b.width || a.height !== b.height) return Infinity;
          const pixels = images.map((img) => {
            const canvas = document.createElement('canvas');
            canvas.width = img.width;
            canvas.height = img.height;
            const ctx = canvas.getContext('2d')!;
            ctx.drawImage(img, 0, 0);
            return ctx.getImageData(0, 0, img.width, img.height).data;
          }) as [Uint8ClampedArray, Uint8ClampedArray];
          let n = 0;
          for (let i = 0; i < pixels[0].length; i += 4) {
            if (pixels[0][i] !== pixels[1][i] || pixels[0][i + 1] !== pixels[1][i + 1] || pixels[0][i + 2] !== pixels[1][i + 2]) n++;
          }
          return n;
        },
        [old.toString('base64'), png.toString('base64')],
      );
      if (differing <= tolerance) return 'unchanged';
    } catch {
      // The old file is unreadable: replace it.
    } finally {
      await page.close();
    }
  }
  writeFileSync(file, png);
  return 'saved';
}
