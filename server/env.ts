import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration, parsed once at start-up from flags and environment variables (flags win).
 * Every name here is part of the design's contract; `.env.example` lists them.
 */

const bool = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), {
      error: `${name} must be 1 or 0 (or true/false).`,
    })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const url = (name: string) =>
  z.string().trim().refine((v) => URL.canParse(v), { error: `${name} must be a full URL such as http://192.168.1.20:8080.` });

const wholeNumber = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number.` })
    .int({ error: `${name} must be a whole number.` })
    .min(min, { error: `${name} must be between ${min} and ${max}.` })
    .max(max, { error: `${name} must be between ${min} and ${max}.` });

const schema = z.object({
  PORT: wholeNumber('PORT', 0, 65535).default(8080),
  HOST: z.string().trim().min(1, { error: 'HOST must not be empty.' }).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1, { error: 'DATA_DIR must not be empty.' }).default('./data'),
  BACKUP_DIR: z.string().trim().optional(),
  BACKUP_EVERY: wholeNumber('BACKUP_EVERY', 1, 3600).default(10),
  PUBLIC_URL: url('PUBLIC_URL').optional(),
  ADMIN_TOKEN: z
    .string()
    .trim()
    .min(12, { error: 'ADMIN_TOKEN must be at least 12 characters: it is the key to every attendee record.' })
    .optional(),
  DEMO: bool('DEMO').default(true),
  SMTP_URL: url('SMTP_URL').optional(),
  MAIL_FROM: z.string().trim().optional(),
  MAIL_PER_SECOND: wholeNumber('MAIL_PER_SECOND', 1, 10_000).default(100),
  HTTPS: bool('HTTPS').default(false),
  TLS_CERT: z.string().trim().optional(),
  TLS_KEY: z.string().trim().optional(),
  TRUST_PROXY: z
    .string()
    .trim()
    .transform((v) => v.split(',').map((a) => a.trim()).filter(Boolean))
    .refine((list) => list.every((a) => isIP(a)), { error: 'TRUST_PROXY must list IP addresses of reverse proxies, separated by commas (e.g. 127.0.0.1).' })
    .optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A second place (a USB stick, another disk) that holds a continuous copy of the data folder. */
  backupDir: string | undefined;
  /** Seconds between looks for changes to copy. */
  backupEvery: number;
  /** Base of badge URLs; without PUBLIC_URL, derived from the first LAN address once the port is known. */
  publicUrl: string | undefined;
  adminToken: string | undefined;
  demo: boolean;
  smtpUrl: string | undefined;
  mailFrom: string | undefined;
  /** Digests handed to the SMTP server per second at most. */
  mailPerSecond: number;
  https: boolean;
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** Reverse proxies in front of the server, whose X-Forwarded-For is believed. */
  trustProxy: string[];
}

/** Flags as the CLI parsed them, by their flag names (`data-dir`, `port`, ...). */
export type Flags = Record<string, string | boolean | undefined>;

export const FLAG_NAMES = [
  'port', 'host', 'data-dir', 'backup-dir', 'backup-every', 'public-url', 'admin-token', 'demo', 'smtp-url', 'mail-from', 'mail-per-second', 'https', 'tls-cert', 'tls-key', 'trust-proxy',
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses flags over the environment; throws ConfigError naming every bad value. */
export function loadConfig(flags: Flags = {}, env: Record<string, string | undefined> = process.env): Config {
  const merged: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) merged[key] = emptyToUndefined(env[key]);
  for (const flag of FLAG_NAMES) {
    const value = flags[flag];
    if (value === undefined) continue;
    merged[flag.toUpperCase().replaceAll('-', '_')] = value === true ? '1' : value === false ? '0' : value;
  }
  const parsed = schema.safeParse(merged);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  const c = parsed.data;
  if (Boolean(c.TLS_CERT) !== Boolean(c.TLS_KEY)) throw new ConfigError(['TLS_CERT and TLS_KEY go together: give both or neither.']);
  const dataDir = resolve(c.DATA_DIR);
  const backupDir = c.BACKUP_DIR ? resolve(c.BACKUP_DIR) : undefined;
  // A copy inside the data folder (or the other way round) dies with the same disk.
  if (backupDir && (within(backupDir, dataDir) || within(dataDir, backupDir))) {
    throw new ConfigError([`BACKUP_DIR (${backupDir}) must be outside the data folder (${dataDir}), on another disk or a USB stick.`]);
  }
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir,
    backupDir,
    backupEvery: c.BACKUP_EVERY,
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, ''),
    adminToken: c.ADMIN_TOKEN,
    demo: c.DEMO,
    smtpUrl: c.SMTP_URL,
    mailFrom: c.MAIL_FROM,
    mailPerSecond: c.MAIL_PER_SECOND,
    https: c.HTTPS || Boolean(c.TLS_CERT),
    tlsCert: c.TLS_CERT,
    tlsKey: c.TLS_KEY,
    trustProxy: c.TRUST_PROXY ?? [],
  };
}

function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function emptyToUndefined(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** The non-internal IPv4 addresses of this laptop. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).filter((i) => i.family === 'IPv4' && !i.internal).map((i) => i.address));
}

/** The first non-internal IPv4 address, so phones on the venue LAN can open badge URLs. */
export function firstLanAddress(): string {
  return lanAddresses()[0] ?? '127.0.0.1';
}

/**
 * The base of badge URLs: PUBLIC_URL when given, else this laptop's first LAN address (so phones
 * on the venue network reach it), or loopback when the server listens on loopback only.
 */
export function publicUrlFor(config: Pick<Config, 'publicUrl' | 'host' | 'https'>, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.host);
  return `${config.https ? 'https' : 'http'}://${loopback ? '127.0.0.1' : firstLanAddress()}:${port}`;
}
