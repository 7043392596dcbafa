import { X509Certificate } from 'node:crypto';
import { get } from 'node:https';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer } from '../../server/serve.ts';
import { localTls } from '../../server/tls/local-ca.ts';
import { tempDataDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const leafOf = (pem: string) => new X509Certificate(pem.split(/(?<=-----END CERTIFICATE-----)/)[0]!);

describe('the local certificate authority', () => {
  it('makes a CA once and a server certificate a tablet accepts', async () => {
    const tls = await localTls(dir, ['192.168.1.20']);
    const ca = new X509Certificate(tls.caCert);
    const leaf = leafOf(tls.cert);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toContain('IP Address:192.168.1.20');
    expect(leaf.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(leaf.subjectAltName).toContain('DNS:localhost');
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1'); // serverAuth
    const days = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / 86_400_000;
    expect(days).toBeLessThanOrEqual(826); // iOS refuses more than 825 days (one day of clock slack before)
    expect((await stat(join(dir, 'tls', 'ca.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'tls', 'server.key'))).mode & 0o777).toBe(0o600);
  });

  it('keeps its certificates across starts, and makes a new server certificate (same CA) when the address changes', async () => {
    const first = await localTls(dir, ['192.168.1.20']);
    const again = await localTls(dir, ['192.168.1.20']);
    expect(again.cert).toBe(first.cert);
    const moved = await localTls(dir, ['10.0.0.7']);
    expect(moved.caCert).toBe(first.caCert);
    expect(moved.cert).not.toBe(first.cert);
    expect(leafOf(moved.cert).subjectAltName).toContain('IP Address:10.0.0.7');
  });

  it('serves HTTPS that verifies against the CA, without HSTS, and hands out ca.crt', async () => {
    const server = await startServer(loadConfig({ port: '0', host: '127.0.0.1', 'data-dir': dir, demo: '0', https: '1' }, {}));
    try {
      const ca = (await localTls(dir, [])).caCert;
      const fetchTls = (path: string) =>
        new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
          get(`${server.localUrl}${path}`, { ca }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
          }).on('error', reject);
        });
      expect(server.localUrl).toMatch(/^https:/);
      const health = await fetchTls('/health');
      expect(health.body).toBe('{"ok":true}');
      const page = await fetchTls('/kiosk');
      expect(page.headers['strict-transport-security']).toBeUndefined();
      expect(page.headers['permissions-policy']).toContain('camera=(self)');
      const crt = await fetchTls('/ca.crt');
      expect(crt.headers['content-type']).toBe('application/x-x509-ca-cert');
      expect(crt.body).toBe(ca);
    } finally {
      await server.close();
    }
  });
});
