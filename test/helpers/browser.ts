// Debian's chromium for the browser tests, started as this machine needs it: headless, no
// sandbox (root in CI), and none of the background connections a closed network refuses.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install chromium (CI's .ci/run does)`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface SignInOptions {
  readonly viewport?: { width: number; height: number };
  readonly acceptDownloads?: boolean;
}

/** A new page signed in through the login form, waiting for the dashboard as a user would. */
export async function signInAs(browser: Browser, url: string, account: { username: string; password: string }, options: SignInOptions = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: options.viewport ?? { width: 1366, height: 860 }, locale: 'zh-CN', acceptDownloads: options.acceptDownloads ?? false });
  await page.goto(url);
  await page.getByTestId('login-username').fill(account.username);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard-title').waitFor();
  return page;
}

/**
 * Chooses files in the page's one file input and waits until the upload list names each of them.
 * antd's Upload hands the files over a promise later, so a click straight after choosing can still
 * send the file chosen before: a user cannot click that fast, a test can.
 */
export async function chooseFiles(page: Page, files: string | readonly string[]): Promise<void> {
  const list = typeof files === 'string' ? [files] : [...files];
  await page.locator('input[type=file]').setInputFiles(list);
  const names = list.map((f) => f.slice(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1));
  await page.waitForFunction(
    (wanted) => {
      const shown = Array.from(document.querySelectorAll('.ant-upload-list')).map((e) => e.textContent ?? '').join('\n');
      return wanted.every((n) => shown.includes(n));
    },
    names,
  );
}

/**
 * Waits until every open dialog has ended its opening or closing animation, as a person does before
 * typing or clicking in it. Under a full parallel CI run, the years page's reopen dialog once showed
 * no message after its OK was clicked straight after it opened, while the confirmation before it
 * was closing. The cause was not pinned down: reproduced here once in about ninety runs with the
 * CPU loaded.
 */
export async function dialogsSettled(page: Page): Promise<void> {
  // Endless animations (a spinner) never settle, so only those with an end count.
  const settled = () =>
    document.getAnimations().every((a) => {
      const effect = a.effect;
      if (a.playState !== 'running' || !(effect instanceof KeyframeEffect)) return true;
      return effect.getComputedTiming().endTime === Infinity || !effect.target?.closest('.ant-modal-root');
    });
  await page.waitForFunction(settled);
}
