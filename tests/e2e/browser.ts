import { chromium, type Browser } from 'playwright-core';
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
