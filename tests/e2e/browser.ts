import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer, type RunningServer } from '../../server/serve.ts';
import { tempDataDir } from '../helpers.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, as this machine runs it (never a test tool's own download). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', ...extraArgs],
  });
  // Fail a step well before the test's own timeout, so the report names the step.
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(10_000);
    return page;
  };
  return browser;
}

/** A real server on a free loopback port over a fresh data folder with the demo event. */
export async function startDemoServer(): Promise<{ server: RunningServer; stop: () => Promise<void> }> {
  const { dir, cleanup } = await tempDataDir();
  const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '1' }, {}));
  return {
    server,
    stop: async () => {
      await server.close();
      await cleanup();
    },
  };
}

/**
 * A demo server and a Chromium for one test file, started before its tests and stopped after.
 * Read `server` and `browser` inside tests (they are set once the hooks have run).
 */
export function demoServerAndBrowser(): { server: RunningServer; browser: Browser } {
  const ctx = {} as { server: RunningServer; browser: Browser };
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const started = await startDemoServer();
    ctx.server = started.server;
    stop = started.stop;
    ctx.browser = await launchChromium();
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await stop?.();
  });
  return ctx;
}

/** Calls the server's API as staff. */
export function staffFetch(server: RunningServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.localUrl}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

/** Opens the staff console and signs in with the admin token. */
export async function signIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(`${server.localUrl}/staff`);
  await page.getByLabel('Admin token').fill(server.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
