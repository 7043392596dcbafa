import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { X509Certificate, webcrypto } from 'node:crypto';
import { get } from 'node:https';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as x509 from '@peculiar/x509';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/env.ts';
import { startServer } from '../../server/serve.ts';
import { localTls } from '../../server/tls/local-ca.ts';
import { nameConstraintsExtension, permittedBy, permittedFor } from '../../server/tls/name-constraints.ts';
import { tempDataDir } from '../helpers.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const DAY = 86_400_000;
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const leafOf = (pem: string) => new X509Certificate(pem.split(/(?<=-----END CERTIFICATE-----)/)[0]!);
const days = (cert: X509Certificate) => (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY;
const quiet = () => {};

/** Whether OpenSSL's own verifier accepts `leafPem` under `caPem` alone (its message either way). */
async function opensslVerify(caPem: string, leafPem: string): Promise<{ ok: boolean; output: string }> {
  await writeFile(join(dir, 'check-ca.pem'), caPem);
  await writeFile(join(dir, 'check-leaf.pem'), leafPem);
  try {
    const { stdout, stderr } = await promisify(execFile)('openssl', ['verify', '-CAfile', join(dir, 'check-ca.pem'), join(dir, 'check-leaf.pem')]);
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A TLS handshake from a tablet that trusts `ca` only, to a real server on 127.0.0.1 presenting `cert`. */
async function handshake(material: { cert: string; key: string }, ca: string, servername: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const server: Server = createServer(material, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, ca, servername }, () => {
        socket.end();
        resolve({ ok: true });
      });
      socket.on('error', (err) => resolve({ ok: false, error: err.message }));
    });
  } finally {
    server.close();
  }
}

/** A server certificate for `names`, signed with the key in DATA_DIR/tls/ca.key: what a thief of that key could make. */
async function signWithCaKey(caPem: string, caKeyPem: string, names: { type: 'dns' | 'ip'; value: string }[]): Promise<{ cert: string; key: string }> {
  const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(caKeyPem)[0]!, ALG, false, ['sign']);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = new x509.X509Certificate(caPem);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '01a2b3',
    subject: `CN=${names[0]!.value}`,
    issuer: ca.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey as unknown as CryptoKey,
    signingKey: caKey as unknown as CryptoKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  return { cert: leaf.toString('pem'), key };
}

/** Writes a CA into DATA_DIR/tls as an older version (no name constraints, 3650 days) or with constraints and a given life. */
async function plantCa(options: { constrained: boolean; notAfter: Date }): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0c0ffee0',
    name: 'CN=Badge Exchange local CA (planted)',
    notBefore: new Date(Date.now() - DAY),
    notAfter: options.notAfter,
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ...(options.constrained ? [nameConstraintsExtension(permittedFor({ dns: ['localhost'], ips: ['127.0.0.1'] }))] : []),
    ],
  });
  await localTls(dir, ['192.168.1.20'], quiet); // the folder as a start would leave it
  const pem = ca.toString('pem');
  await writeFile(join(dir, 'tls', 'ca.crt'), pem);
  await writeFile(join(dir, 'tls', 'ca.key'), x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey), 'PRIVATE KEY'));
  return pem;
}

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
    expect((await stat(join(dir, 'tls', 'ca.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'tls', 'server.key'))).mode & 0o777).toBe(0o600);
  });

  it('limits the CA to this laptop: a critical name constraint of its names and the private address ranges', async () => {
    const tls = await localTls(dir, ['192.168.1.20']);
    const ext = new x509.X509Certificate(tls.caCert).getExtension('2.5.29.30');
    expect(ext?.critical).toBe(true);
    const permitted = permittedBy(new x509.X509Certificate(tls.caCert));
    expect(permitted?.subnets).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16']);
    expect(permitted?.dns).toContain('localhost');
    // OpenSSL reads the same extension.
    const { stdout } = await promisify(execFile)('openssl', ['x509', '-noout', '-ext', 'nameConstraints', '-in', join(dir, 'tls', 'ca.crt')]);
    expect(stdout).toContain('X509v3 Name Constraints: critical');
    expect(stdout).toContain('IP:192.168.0.0/255.255.0.0');
    expect(stdout).toContain('DNS:localhost');
  });

  it('lives 397 days, and its server certificate no longer than the CA', async () => {
    const tls = await localTls(dir, ['192.168.1.20']);
    const ca = new X509Certificate(tls.caCert);
    const leaf = leafOf(tls.cert);
    expect(days(ca)).toBeLessThanOrEqual(398); // one day of clock slack before
    expect(days(leaf)).toBeLessThanOrEqual(398);
    expect(Date.parse(leaf.validTo)).toBeLessThanOrEqual(Date.parse(ca.validTo));
  });

  it('accepts its own server over a real TLS connection, and refuses a certificate its key signs for another site', async () => {
    const tls = await localTls(dir, ['192.168.1.20']);
    expect(await handshake(tls, tls.caCert, 'localhost')).toEqual({ ok: true });
    expect((await opensslVerify(tls.caCert, tls.cert)).ok).toBe(true);

    // Someone holding ca.key signs for a bank's name and a public address: a tablet trusting ca.crt says no.
    const caKey = await readFile(join(dir, 'tls', 'ca.key'), 'utf8');
    const evil = await signWithCaKey(tls.caCert, caKey, [{ type: 'dns', value: 'evil.example' }]);
    // Node names this error only by OpenSSL's message (its code is UNSPECIFIED).
    expect(await handshake(evil, tls.caCert, 'evil.example')).toEqual({ ok: false, error: 'permitted subtree violation' });
    const evilVerdict = await opensslVerify(tls.caCert, evil.cert);
    expect(evilVerdict.ok).toBe(false);
    expect(evilVerdict.output).toMatch(/permitted subtree violation/i);
    const publicIp = await signWithCaKey(tls.caCert, caKey, [{ type: 'ip', value: '8.8.8.8' }]);
    expect((await opensslVerify(tls.caCert, publicIp.cert)).ok).toBe(false);
    // A name that only ends like a permitted one is not under it.
    const lookalike = await signWithCaKey(tls.caCert, caKey, [{ type: 'dns', value: 'evil-localhost' }]);
    expect((await opensslVerify(tls.caCert, lookalike.cert)).ok).toBe(false);
  });

  it('a CA without name constraints, as older versions made, would trust any site: at start it is replaced, and the log says tablets must trust the new one', async () => {
    const old = await plantCa({ constrained: false, notAfter: new Date(Date.now() + 3650 * DAY) });
    const oldKey = await readFile(join(dir, 'tls', 'ca.key'), 'utf8');
    const evil = await signWithCaKey(old, oldKey, [{ type: 'dns', value: 'evil.example' }]);
    expect(await handshake(evil, old, 'evil.example')).toEqual({ ok: true }); // the hole being closed

    const said: string[] = [];
    const tls = await localTls(dir, ['192.168.1.20'], (m) => said.push(m));
    expect(tls.caCert).not.toBe(old);
    expect(permittedBy(new x509.X509Certificate(tls.caCert))).not.toBeNull();
    expect(await readFile(join(dir, 'tls', 'ca.crt'), 'utf8')).toBe(tls.caCert);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('could sign for any website');
    expect(said[0]).toContain('Each tablet must trust the new ca.crt once');
    // The server certificate is made again under the new CA, and tablets that trust it connect.
    expect(leafOf(tls.cert).checkIssued(new X509Certificate(tls.caCert))).toBe(true);
    expect(await handshake(tls, tls.caCert, 'localhost')).toEqual({ ok: true });

    const said2: string[] = [];
    expect((await localTls(dir, ['192.168.1.20'], (m) => said2.push(m))).caCert).toBe(tls.caCert);
    expect(said2).toEqual([]);
  });

  it('keeps its certificates across starts, and makes a new server certificate (same CA) when the address changes', async () => {
    const said: string[] = [];
    const first = await localTls(dir, ['192.168.1.20'], (m) => said.push(m));
    const again = await localTls(dir, ['192.168.1.20'], (m) => said.push(m));
    expect(again.cert).toBe(first.cert);
    // A new DHCP address at the venue, in another private range: tablets keep trusting.
    const moved = await localTls(dir, ['10.0.0.7'], (m) => said.push(m));
    expect(moved.caCert).toBe(first.caCert);
    expect(moved.cert).not.toBe(first.cert);
    expect(leafOf(moved.cert).subjectAltName).toContain('IP Address:10.0.0.7');
    expect(said).toEqual([]);
  });

  it('names a PUBLIC_URL host name in the server certificate, and leaves out what is not a name', async () => {
    const tls = await localTls(dir, ['badges.venue.lan', '192.168.1.20', 'fe80::1', 'not a name'], quiet);
    const san = leafOf(tls.cert).subjectAltName ?? '';
    expect(san).toContain('DNS:badges.venue.lan');
    expect(san).toContain('IP Address:192.168.1.20');
    expect(san).not.toContain('fe80');
    expect(await handshake(tls, tls.caCert, 'badges.venue.lan')).toEqual({ ok: true });
  });

  it('makes a new CA, and says so, for a public address it does not permit', async () => {
    const first = await localTls(dir, ['192.168.1.20'], quiet);
    const said: string[] = [];
    const moved = await localTls(dir, ['203.0.113.5'], (m) => said.push(m));
    expect(moved.caCert).not.toBe(first.caCert);
    expect(said[0]).toContain('does not cover 203.0.113.5');
    expect(permittedBy(new x509.X509Certificate(moved.caCert))?.subnets).toContain('203.0.113.5/32');
    expect(await handshake(moved, moved.caCert, 'localhost')).toEqual({ ok: true });
  });

  it('ends the server certificate with the CA, and makes a new CA a month before it expires', async () => {
    const twoMonths = await plantCa({ constrained: true, notAfter: new Date(Date.now() + 60 * DAY) });
    const kept = await localTls(dir, ['127.0.0.1'], quiet);
    expect(kept.caCert).toBe(twoMonths);
    expect(leafOf(kept.cert).validTo).toBe(new X509Certificate(twoMonths).validTo);

    const tenDays = await plantCa({ constrained: true, notAfter: new Date(Date.now() + 10 * DAY) });
    const said: string[] = [];
    const renewed = await localTls(dir, ['127.0.0.1'], (m) => said.push(m));
    expect(renewed.caCert).not.toBe(tenDays);
    expect(said[0]).toMatch(/expires on \d{4}-\d\d-\d\d/);
    expect(days(leafOf(renewed.cert))).toBeGreaterThan(300);
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
