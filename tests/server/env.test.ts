import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/env.ts';

describe('loadConfig', () => {
  it('has safe defaults', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', demo: true, https: false, publicUrl: undefined, adminToken: undefined });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { PORT: '9000', DEMO: '0', DATA_DIR: '/tmp/bx', PUBLIC_URL: 'http://10.0.0.5:9000/' };
    expect(loadConfig({}, env)).toMatchObject({ port: 9000, demo: false, dataDir: '/tmp/bx', publicUrl: 'http://10.0.0.5:9000' });
    expect(loadConfig({ port: '9100', demo: '1', 'data-dir': '/tmp/other' }, env)).toMatchObject({ port: 9100, demo: true, dataDir: '/tmp/other' });
  });

  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT must be a number/],
    [{ PORT: '70000' }, /PORT must be between 0 and 65535/],
    [{ DEMO: 'maybe' }, /DEMO must be 1 or 0/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL must be a full URL/],
    [{ ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN must be at least 12 characters/],
    [{ TLS_CERT: 'cert.pem' }, /TLS_CERT and TLS_KEY go together/],
  ];
  it.each(bad)('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig({}, env)).toThrow(ConfigError);
    expect(() => loadConfig({}, env)).toThrow(message);
  });

  it('names every bad value at once', () => {
    try {
      loadConfig({}, { PORT: 'x', DEMO: 'y' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toHaveLength(2);
    }
  });
});
