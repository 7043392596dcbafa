// @peculiar/x509 resolves its parts through tsyringe, which needs this polyfill loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { nameConstraintsExtension, permits, permittedBy, permittedFor } from './name-constraints.ts';

/**
 * HTTPS for tablets on the venue LAN: browsers give a page the camera only in a secure context.
 * A small local certificate authority is made in DATA_DIR/tls (each tablet trusts its ca.crt
 * once), and a server certificate signed by it for this laptop's LAN addresses and host names.
 *
 * The CA may sign only for this laptop's names and the private address ranges (name constraints,
 * see name-constraints.ts), so a tablet that trusts it cannot be fooled about any other site. It
 * lives 397 days: a forgotten tablet stops trusting a lost laptop's key after about a year, and one
 * CA still serves an event from its planning to its day. The server certificate lives no longer
 * than the CA and at most 397 days (the most any browser accepts from a public CA; iOS allows 825
 * from a local one), and is made again whenever the addresses change; the CA stays, so tablets
 * keep trusting. The CA is made again only when it has no name constraints (made by an older
 * version), expires within a month, or does not permit a name tablets need; that is logged, since
 * each tablet must then trust the new ca.crt.
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;
export const CA_DAYS = 397;
export const LEAF_DAYS = 397;
/** A certificate with less left than this is made again, so none runs out during an event. */
const RENEW_DAYS = 30;

export interface TlsMaterial {
  cert: string;
  key: string;
  /** The CA certificate tablets install (also served at /ca.crt). */
  caCert: string;
  /** Where ca.crt is, for the console output. */
  caFile: string;
}

interface Names {
  dns: string[];
  ips: string[];
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

const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * The names a tablet may use to reach this laptop. `needed` are those it does use (the LAN
 * addresses, PUBLIC_URL's host; IPv4 or DNS, anything else is dropped), and the CA must permit
 * them. `extra` are the laptop's own host names, which some operating systems change with the
 * network they join: they go into the server certificate while the CA permits them, but never
 * make the CA be made again.
 */
export function serverNames(hosts: string[]): { needed: Names; extra: string[] } {
  const host = hostname().toLowerCase();
  const ips = hosts.filter((h) => isIPv4(h));
  const dns = hosts.filter((h) => !isIPv4(h) && DNS_NAME.test(h)).map((h) => h.toLowerCase());
  return {
    needed: { dns: [...new Set(['localhost', ...dns])], ips: [...new Set(['127.0.0.1', ...ips])] },
    extra: DNS_NAME.test(host) ? [...new Set([host, `${host}.local`])].filter((h) => h !== 'localhost' && !dns.includes(h)) : [],
  };
}

/**
 * Loads or makes the local CA and a server certificate covering `hosts` (LAN addresses and
 * PUBLIC_URL's host). `log` hears when the CA had to be made again.
 */
export async function localTls(dataDir: string, hosts: string[], log: (message: string) => void = (m) => console.warn(m)): Promise<TlsMaterial> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  const now = new Date();
  const { needed, extra } = serverNames(hosts);

  let caCertPem = await readOrNull(caFile);
  let caKeyPem = await readOrNull(caKeyFile);
  const stale = caCertPem && caKeyPem ? whyRemake(new x509.X509Certificate(caCertPem), needed, now) : null;
  if (!caCertPem || !caKeyPem || stale) {
    ({ caCertPem, caKeyPem } = await makeCa({ dns: [...needed.dns, ...extra], ips: needed.ips }, now));
    await writeFile(caKeyFile, caKeyPem, { mode: 0o600 });
    await writeFile(caFile, caCertPem, { mode: 0o644 });
    if (stale) log(`The local CA ${stale}, so a new one was made (${caFile}). Each tablet must trust the new ca.crt once, from /ca.crt on this server, before it can open the kiosk over HTTPS.`);
  }
  const ca = new x509.X509Certificate(caCertPem);
  const permitted = permittedBy(ca)!;
  const names: Names = { dns: [...needed.dns, ...extra.filter((value) => permits(permitted, { type: 'dns', value }))], ips: needed.ips };

  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const existing = await readOrNull(certFile);
  const existingKey = await readOrNull(keyFile);
  if (existing && existingKey && (await covers(new x509.X509Certificate(existing), ca, names, now))) {
    return { cert: existing, key: existingKey, caCert: caCertPem, caFile };
  }

  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${names.ips.find((ip) => ip !== '127.0.0.1') ?? 'localhost'}`,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(Math.min(now.getTime() + LEAF_DAYS * DAY, ca.notAfter.getTime())),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: await importKey(caKeyPem),
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

async function makeCa(names: Names, now: Date): Promise<{ caCertPem: string; caKeyPem: string }> {
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
      nameConstraintsExtension(permittedFor(names)),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { caCertPem: ca.toString('pem'), caKeyPem: await exportKey(keys.privateKey) };
}

/** Why the CA on disk cannot stay (the end of "The local CA …"), or null when it can. */
function whyRemake(ca: x509.X509Certificate, needed: Names, now: Date): string | null {
  const permitted = permittedBy(ca);
  if (!permitted) return 'could sign for any website (it was made by an older version, without name constraints)';
  if (ca.notAfter.getTime() - now.getTime() < RENEW_DAYS * DAY) return `expires on ${ca.notAfter.toISOString().slice(0, 10)}`;
  const missing = [...needed.dns.map((value) => ({ type: 'dns' as const, value })), ...needed.ips.map((value) => ({ type: 'ip' as const, value }))]
    .filter((name) => !permits(permitted, name))
    .map((name) => name.value);
  return missing.length ? `does not cover ${missing.join(', ')}` : null;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** Whether a server certificate was signed by this CA, names every address and name, and has a month left. */
async function covers(cert: x509.X509Certificate, ca: x509.X509Certificate, names: Names, now: Date): Promise<boolean> {
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  if (!san || cert.notAfter.getTime() - now.getTime() < RENEW_DAYS * DAY) return false;
  if (!(await cert.verify({ publicKey: ca.publicKey, signatureOnly: true }))) return false;
  const have = new Set(san.names.items.map((n) => `${n.type}:${n.value}`));
  return [...names.dns.map((d) => `dns:${d}`), ...names.ips.map((i) => `ip:${i}`)].every((n) => have.has(n));
}
