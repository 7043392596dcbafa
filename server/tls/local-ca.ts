// @peculiar/x509 resolves its parts through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

/**
 * HTTPS for tablets on the venue LAN: browsers give a page the camera only in a secure context.
 * A small local certificate authority is made once in DATA_DIR/tls (each tablet trusts its
 * ca.crt once), and a server certificate signed by it for this laptop's LAN addresses and host
 * names: SHA-256, serverAuth, 825 days (iOS refuses longer). The server certificate is made
 * again whenever the addresses change; the CA stays, so tablets keep trusting.
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
const LEAF_DAYS = 825;
const CA_DAYS = 3650;

export interface TlsMaterial {
  cert: string;
  key: string;
  /** The CA certificate tablets install (also served at /ca.crt). */
  caCert: string;
  /** Where ca.crt is, for the console output. */
  caFile: string;
}

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importKey(pem: string): Promise<CryptoKey> {
  return (await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(pem)[0]!, ALG, true, ['sign'])) as unknown as CryptoKey;
}

/** The names a tablet may use to reach this laptop. */
export function serverNames(addresses: string[]): { dns: string[]; ips: string[] } {
  const host = hostname();
  return { dns: [...new Set(['localhost', host, `${host}.local`])], ips: [...new Set(['127.0.0.1', ...addresses])] };
}

/** Loads or makes the local CA and a server certificate covering `addresses`. */
export async function localTls(dataDir: string, addresses: string[]): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  const now = new Date();

  let caCertPem = await readOrNull(caFile);
  let caKeyPem = await readOrNull(caKeyFile);
  if (!caCertPem || !caKeyPem) {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=Badge Exchange local CA (${hostname()})`,
      notBefore: new Date(now.getTime() - DAY),
      notAfter: new Date(now.getTime() + CA_DAYS * DAY),
      signingAlgorithm: ALG,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caCertPem = ca.toString('pem');
    caKeyPem = await exportKey(keys.privateKey);
    await writeFile(caKeyFile, caKeyPem, { mode: 0o600 });
    await writeFile(caFile, caCertPem, { mode: 0o644 });
  }

  const names = serverNames(addresses);
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const existing = await readOrNull(certFile);
  const existingKey = await readOrNull(keyFile);
  if (existing && existingKey && covers(new x509.X509Certificate(existing), names, now)) {
    return { cert: existing, key: existingKey, caCert: caCertPem, caFile };
  }

  const ca = new x509.X509Certificate(caCertPem);
  const caKey = await importKey(caKeyPem);
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names.ips.find((ip) => ip !== '127.0.0.1') ?? 'localhost'}`,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + LEAF_DAYS * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...names.dns.map((value) => ({ type: 'dns' as const, value })), ...names.ips.map((value) => ({ type: 'ip' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  const cert = `${leaf.toString('pem')}\n${caCertPem}`;
  const key = await exportKey(keys.privateKey);
  await writeFile(keyFile, key, { mode: 0o600 });
  await writeFile(certFile, cert, { mode: 0o644 });
  return { cert, key, caCert: caCertPem, caFile };
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** Whether a certificate still names every address and name, and has a month left. */
function covers(cert: x509.X509Certificate, names: { dns: string[]; ips: string[] }, now: Date): boolean {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san || cert.notAfter.getTime() - now.getTime() < 30 * DAY) return false;
  const have = new Set(san.names.items.map((n) => `${n.type}:${n.value}`));
  return [...names.dns.map((d) => `dns:${d}`), ...names.ips.map((i) => `ip:${i}`)].every((n) => have.has(n));
}
