import { isIPv4 } from 'node:net';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';

/**
 * X.509 name constraints (RFC 5280, 4.2.1.10) for the local CA, so that a tablet trusting its
 * ca.crt trusts it for this laptop only, never for a bank or a mail provider, even if ca.key leaks.
 *
 * Addresses are permitted by private range, not one by one: the laptop gets a new DHCP address at
 * the venue, and a CA limited to last week's address would have to be made again and trusted again
 * on every tablet. The private ranges hold no public site, so they cost little. An address outside
 * them (a PUBLIC_URL on a public address) is permitted alone. IPv6 is left out, and with IPv4
 * constraints present a verifier refuses every IPv6 name.
 */

/** RFC 1918, loopback, and link-local (a LAN with no DHCP server). */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16'];

export interface Permitted {
  /** DNS names; each permits itself and every name under it. */
  dns: string[];
  /** IPv4 subnets, `a.b.c.d/len`. */
  subnets: string[];
}

/** What a CA for these names permits: the names themselves, the private ranges, any other address alone. */
export function permittedFor(names: { dns: string[]; ips: string[] }): Permitted {
  const outside = names.ips.filter((ip) => !PRIVATE_RANGES.some((range) => inSubnet(ip, range)));
  return { dns: [...new Set(names.dns.map((d) => d.toLowerCase()))], subnets: [...PRIVATE_RANGES, ...new Set(outside.map((ip) => `${ip}/32`))] };
}

/** The critical NameConstraints extension permitting only `permitted`. */
export function nameConstraintsExtension(permitted: Permitted): x509.Extension {
  const subtrees = [
    ...permitted.dns.map((dNSName) => new GeneralSubtree({ base: new GeneralName({ dNSName }) })),
    ...permitted.subnets.map((iPAddress) => new GeneralSubtree({ base: new GeneralName({ iPAddress }) })),
  ];
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) }));
  return new x509.Extension(id_ce_nameConstraints, true, value);
}

/** The names a certificate's NameConstraints permit, or null when it has none (it may sign for anything). */
export function permittedBy(cert: x509.X509Certificate): Permitted | null {
  const ext = cert.getExtension(id_ce_nameConstraints);
  if (!ext) return null;
  const nc = AsnConvert.parse(ext.value, NameConstraints);
  const bases = (nc.permittedSubtrees ?? []).map((s) => s.base);
  return {
    dns: bases.flatMap((b) => (b.dNSName === undefined ? [] : [b.dNSName.toLowerCase()])),
    subnets: bases.flatMap((b) => (b.iPAddress === undefined ? [] : [b.iPAddress])),
  };
}

/** Whether `permitted` allows a DNS name or an IPv4 address, matched as verifiers do. */
export function permits(permitted: Permitted, name: { type: 'dns' | 'ip'; value: string }): boolean {
  if (name.type === 'ip') return isIPv4(name.value) && permitted.subnets.some((subnet) => inSubnet(name.value, subnet));
  const host = name.value.toLowerCase();
  return permitted.dns.some((base) => host === base || host.endsWith(base.startsWith('.') ? base : `.${base}`));
}

function inSubnet(ip: string, subnet: string): boolean {
  const [base, bits] = subnet.split('/');
  if (!base || !isIPv4(base) || !isIPv4(ip)) return false;
  const len = Number(bits ?? 32);
  const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
  return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
}

function toInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}
