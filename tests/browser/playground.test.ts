// The bot as a person meets it on their own machine: the Microsoft 365 Agents Playground (Teams channel) in
// headless Chromium, typing into the chat box and clicking card buttons. Saves docs/playground-answer.png
// and docs/playground-role.png. Skipped only when /usr/bin/chromium is missing.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tailOf, type RunningPlayground } from '../../src/cli/playground.js';
import { type TestApp, startTestApp } from '../helpers/app.js';
import { STABLE_SCREENSHOT_CSS, chromiumMissing, launchChromium, offlineContext, playgroundChat, savePicture, startPlayground } from '../helpers/browser.js';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
// The Playground sends the browser's locale (en-US): Learn links carry it.
const RANSOMWARE_PAGE =
  /^https:\/\/learn\.microsoft\.com\/en-us\/security\/(ransomware\/protect-against-ransomware|zero-trust\/.*ransomware-recovery-readiness)/;
const missing = chromiumMissing();
if (missing) console.warn(`Skipping the Agents Playground browser tests: ${missing}`);

describe.skipIf(!!missing)(`the Agents Playground in Chromium${missing ? ` (skipped: ${missing})` : ''}`, { timeout: 90_000 }, () => {
  let app: TestApp | undefined;
  let playground: RunningPlayground | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  let chat: ReturnType<typeof playgroundChat>;

  /** What to look at when a step fails: the Playground's log and a picture of the page. */
  const diagnose = async (err: unknown): Promise<never> => {
    const shot = fileURLToPath(new URL('../../.tmp/playground-failure.png', import.meta.url));
    mkdirSync(fileURLToPath(new URL('../../.tmp/', import.meta.url)), { recursive: true });
    await page?.screenshot({ path: shot }).catch(() => {});
    const log = playground ? `\n--- Agents Playground log (${playground.logFile}) ---\n${tailOf(playground.logFile, 30)}` : '';
    if (err instanceof Error) err.message += `\n(page: ${shot})${log}`;
    throw err;
  };

  beforeAll(async () => {
    app = await startTestApp();
    // Started side by side; each is kept as soon as it is up, so afterAll stops it even when the other failed.
    const started = await Promise.allSettled([startPlayground(app.url).then((p) => (playground = p)), launchChromium().then((b) => (browser = b))]);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    if (!playground || !browser) throw new Error('unreachable');
    ({ context } = await offlineContext(browser, { width: 1280, height: 1000 }));
    page = await context.newPage();
    chat = playgroundChat(page);
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    // The Playground installs the bot in a personal chat: its welcome card is the first thing shown.
    const welcome = await chat.welcome().catch(diagnose);
    expect(await welcome.innerText()).toMatch(/Zero Trust guide/);
    // The pictures show the chat without the Playground's log panel (it is all clock times and requests).
    await page
      .getByTitle('Hide log panel')
      .click({ timeout: 5_000 })
      .catch(() => {});
  }, 60_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await playground?.stop();
    await app?.stop();
  });

  it('answers a typed question with a card that opens the right Microsoft Learn page', async () => {
    try {
      const question = 'how do we protect against ransomware';
      const answer = await chat.say(question, { has: page.getByRole('link', { name: 'Open in Microsoft Learn' }) });
      // The question shows in the chat as the user's message.
      await page.getByText(question, { exact: true }).first().waitFor({ timeout: 5_000 });
      const text = await answer.innerText();
      expect(text).toMatch(/ransomware/i);
      expect(text).toMatch(/Microsoft Learn, CC BY 4\.0/);

      const open = answer.getByRole('link', { name: 'Open in Microsoft Learn' });
      expect(await open.getAttribute('title')).toMatch(RANSOMWARE_PAGE);
      await chat.steady();
      await savePicture(browser!, `${DOCS}playground-answer.png`, await page.screenshot({ style: STABLE_SCREENSHOT_CSS, animations: 'disabled' }));

      // Clicking it opens the page in a new window (refused here: the test stays offline).
      const opened = context.waitForEvent('request', { predicate: (r) => r.url().startsWith('https://learn.microsoft.com/'), timeout: 10_000 });
      await open.click();
      expect((await opened).url()).toMatch(RANSOMWARE_PAGE);
      for (const p of context.pages()) if (p !== page) await p.close();
    } catch (err) {
      await diagnose(err);
    }
  });

  it('"roles", then a role button, shows that role\'s card with its documentation sets', async () => {
    try {
      const roles = await chat.say('roles', { has: page.getByRole('button', { name: 'Security architect', exact: true }) });
      expect(await roles.getByRole('button').allInnerTexts()).toEqual(
        expect.arrayContaining(['Security architect', 'IT implementer', 'Application developer']),
      );

      const role = await chat.click(roles, 'Security architect', { hasText: 'Documentation for you' });
      const text = await role.innerText();
      expect(text).toMatch(/Security architect/);
      expect(text).toMatch(/Where to start/);
      expect(text).toMatch(/Documentation for you/);
      const adoption = role.getByRole('link', { name: 'Adoption framework', exact: true });
      expect(await adoption.getAttribute('href')).toBe('https://learn.microsoft.com/en-us/security/zero-trust/adopt/zero-trust-adoption-overview');
      expect(await role.getByRole('link').count()).toBeGreaterThanOrEqual(5);
      // The role card is taller than the window: a taller window shows all of it in the chat.
      await page.setViewportSize({ width: 1280, height: 1500 });
      await role.evaluate((e) => (e.closest('.fai-OutputCard') ?? e).scrollIntoView({ block: 'end' }));
      await chat.steady();
      await savePicture(browser!, `${DOCS}playground-role.png`, await page.screenshot({ style: STABLE_SCREENSHOT_CSS, animations: 'disabled' }));
    } catch (err) {
      await diagnose(err);
    }
  });
});
