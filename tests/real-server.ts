import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../server/env.ts';
import { startServer, type RunningServer } from '../server/serve.ts';
import { tempDataDir } from './helpers.ts';

/**
 * A real server for the tests of one file, as `npm start` runs it (its own store in a temporary
 * data folder, 127.0.0.1, a free port): started before them, stopped and its folder removed after.
 * Its own module, so files that need no server do not load it.
 */
export function realServer(): { readonly server: RunningServer } {
  const held = {} as { server: RunningServer; cleanup?: () => Promise<void> };
  beforeAll(async () => {
    const temp = await tempDataDir();
    held.cleanup = temp.cleanup;
    held.server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': temp.dir, demo: '0' }, {}));
  });
  afterAll(async () => {
    await held.server?.close();
    await held.cleanup?.();
  });
  return held;
}
