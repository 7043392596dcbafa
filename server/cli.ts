import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, FLAG_NAMES, loadConfig, publicUrlFor, type Config } from './env.ts';
import { AppError } from './errors.ts';
import { digestWindowProblem } from './domain/digest-window.ts';
import { mailSenderProblem } from './domain/event-settings.ts';
import type { BadgeFormat, PrintRequest } from './services/badge-print.ts';
import type { DigestProgress, DigestRun } from './services/digests.ts';
import type { ImportResult } from './services/attendee-import.ts';
import { liveLock } from './store/data-lock.ts';
import { checkDataFolder } from './store/data-folder-check.ts';
import { loadOrCreateSecret } from './store/secrets.ts';
import { openStore, type Store } from './store/store.ts';

// The server, PDF, mail and the sentence model load only for the command that needs them (seconds
// through tsx on a busy laptop), so a bad flag or a bad data folder is said at once.

// Flags every command takes (each mirrors an environment variable, e.g. --data-dir is DATA_DIR).
const SERVER_FLAGS = `Flags (each mirrors an environment variable, e.g. --data-dir is DATA_DIR):
  --port <n>            Listening port (8080)
  --host <addr>         Listening address (0.0.0.0; 127.0.0.1 for this laptop only)
  --data-dir <path>     Store, secret, admin token, outbox (./data)
  --backup-dir <path>   A second disk or USB stick that keeps a continuous copy of the data folder
  --backup-every <s>    Seconds between copies when something changed (10)
  --public-url <url>    Base of badge URLs (http://<first LAN address>:<port>)
  --admin-token <tok>   Staff credential (generated once into the data folder)
  --demo <1|0>          Seed the demo event into an empty store (1)
  --smtp-url <url>      Mail server for digests (unset: .eml files in the outbox)
  --mail-from <addr>    Sender of digests
  --mail-per-second <n> Digests handed to the SMTP server per second at most (100)
  --https <1|0>         Serve HTTPS with a local CA made once in the data folder (tablets need it for the camera)
  --tls-cert <file>, --tls-key <file>
  --trust-proxy <addr>  Reverse proxies whose X-Forwarded-For names the client
`;

interface CommandHelp {
  summary: string;
  usage: string;
  /** The command's own flags (the server flags above apply to every command). */
  flags: Record<string, string>;
  more?: string;
}

/** Each command, what it does and its own flags: `badge-exchange <command> --help` prints one. */
const COMMANDS: Record<string, CommandHelp> = {
  serve: {
    summary: 'Serve Badge Exchange (the default)',
    usage: 'badge-exchange serve [flags]',
    flags: {},
    more: 'Prints the staff console URL, the admin token and a link that pairs a first kiosk.',
  },
  import: {
    summary: 'Import attendees from a CSV (add --dry-run to only preview)',
    usage: 'badge-exchange import <file.csv> [--dry-run]',
    flags: { 'dry-run': 'Show what would be created, updated and refused; write nothing' },
    more: 'A known email updates that person; a row without an email is a person without one.',
  },
  print: {
    summary: 'Print badges to a PDF, or ZPL to a file or a Zebra printer',
    usage: 'badge-exchange print --template <name> (--out <file> | --zpl --printer <host[:9100]>) [flags]',
    flags: {
      template: '<name>  The badge stock: a6-4-a4, a7-8-a4, thermal-4x6, … (a file in badge-templates/)',
      out: '<file>  Write the PDF (or with --zpl, the labels) to this file',
      zpl: 'ZPL for Zebra label printers instead of PDF (a thermal template)',
      printer: '<host[:port]>  Send the ZPL to this Zebra printer (port 9100 unless given)',
      unprinted: 'Only badges not printed yet',
      ids: '<a,b,…>  Only these attendees',
      q: '<text>  Only attendees this search finds',
      preview: 'Do not mark the badges printed',
    },
  },
  digest: {
    summary: 'Post-event digests: --send, --dry-run, --to <id>',
    usage: 'badge-exchange digest (--send | --dry-run | --to <attendee id>) [flags]',
    flags: {
      send: 'Mail everyone who asked for a digest and met someone',
      'dry-run': 'Count who would get one; send nothing',
      to: '<attendee id>  Only this attendee',
      force: 'Send again to people who were sent one before',
      'no-meetings': '<skip|note>  People who met nobody: nothing (skip, the default) or a short thank-you (note)',
    },
    more: 'Set the organizer\'s email in the staff console\'s Settings (or --mail-from) first.',
  },
  restore: {
    summary: 'Bring the event back from a BACKUP_DIR copy into an empty --data-dir',
    usage: 'badge-exchange restore <backup-dir> --data-dir <empty folder>',
    flags: {},
  },
  help: { summary: 'Show this help (or: badge-exchange <command> --help)', usage: 'badge-exchange help [command]', flags: {} },
};

const USAGE = `Usage: badge-exchange [command] [flags]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(21)} ${c.summary}`).join('\n')}

Run "badge-exchange <command> --help" for a command's own flags; "badge-exchange --version" for the version.

${SERVER_FLAGS}`;

function commandUsage(name: string): string {
  const c = COMMANDS[name]!;
  const own = Object.entries(c.flags);
  const flags = own.length
    ? `\nFlags of ${name}:\n${own.map(([flag, text]) => {
        const [arg, ...rest] = text.startsWith('<') ? [text.slice(0, text.indexOf('>') + 1), text.slice(text.indexOf('>') + 1).trim()] : ['', text];
        return `  ${`--${flag}${arg ? ` ${arg}` : ''}`.padEnd(21)} ${rest.join('')}`;
      }).join('\n')}\n`
    : '';
  return `${c.summary}.\n\nUsage: ${c.usage}\n${c.more ? `\n${c.more}\n` : ''}${flags}\n${SERVER_FLAGS}`;
}

/** The closest of `known` to `typed`, when it is close enough to be a typo. */
function closest(typed: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(typed.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(typed, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The flags a command takes: its own, the server's, and --help / --version. */
function flagsOf(command: string): string[] {
  return [...Object.keys(COMMANDS[command]?.flags ?? {}), ...FLAG_NAMES, 'help', 'version'];
}

/** "Unknown flag --colour for serve. Did you mean …? serve takes: …" */
function unknownFlag(command: string, flag: string): UsageError {
  const known = flagsOf(command);
  const own = Object.keys(COMMANDS[command]?.flags ?? {});
  const guess = closest(flag, known);
  return new UsageError(
    `Unknown flag --${flag} for ${command}.${guess ? ` Did you mean --${guess}?` : ''} ` +
      `${own.length ? `${command} takes ${own.map((f) => `--${f}`).join(', ')}, and` : `${command} takes`} the server flags (${FLAG_NAMES.map((f) => `--${f}`).join(', ')}); see badge-exchange ${command} --help.`,
    command,
  );
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

type Option = { type: 'string' | 'boolean'; short?: string };
const options: Record<string, Option> = {
  ...Object.fromEntries(FLAG_NAMES.map((name) => [name, { type: 'string' } as Option])),
  'dry-run': { type: 'boolean' },
  template: { type: 'string' },
  out: { type: 'string', short: 'o' },
  unprinted: { type: 'boolean' },
  ids: { type: 'string' },
  q: { type: 'string' },
  preview: { type: 'boolean' },
  zpl: { type: 'boolean' },
  printer: { type: 'string' },
  send: { type: 'boolean' },
  force: { type: 'boolean' },
  to: { type: 'string' },
  'no-meetings': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
};

/** Runs the command line; returns the process exit code (serve keeps running and returns 0). */
export async function main(argv: string[]): Promise<number> {
  // The command is the first word that is not a flag (nor a flag's value): known before parsing,
  // so a bad flag can be explained for that command.
  const guessed = argv.find((a, i) => !a.startsWith('-') && !(i > 0 && argv[i - 1]!.startsWith('--') && !argv[i - 1]!.includes('=') && options[argv[i - 1]!.slice(2)]?.type === 'string'));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    const flag = /Unknown option '-{1,2}([^']+)'/.exec(e.message)?.[1];
    const command = guessed && COMMANDS[guessed] ? guessed : 'serve';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) console.error(unknownFlag(command, flag).message);
    else console.error(`${e.message}\n\nSee badge-exchange ${guessed && COMMANDS[guessed] ? `${guessed} ` : ''}--help.`);
    return 2;
  }
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const [command = 'serve', ...rest] = positionals;
  if (values.version) {
    console.log(`badge-exchange ${await packageVersion()}`);
    return 0;
  }
  if (command === 'help') {
    const about = rest[0];
    console.log(about && COMMANDS[about] ? commandUsage(about) : USAGE);
    return 0;
  }
  if (values.help) {
    console.log(COMMANDS[command] && positionals.length ? commandUsage(command) : USAGE);
    return COMMANDS[command] || !positionals.length ? 0 : 2;
  }
  try {
    // A flag that exists, but not for this command ("import --zpl"), is a mistake to say, not to ignore.
    if (COMMANDS[command]) {
      const allowed = new Set(flagsOf(command));
      const stray = Object.keys(values).find((k) => values[k] !== undefined && !allowed.has(k));
      if (stray) throw unknownFlag(command, stray);
    }
    const config = loadConfig(values);
    switch (command) {
      case 'serve':
        return await serveCommand(config);
      case 'import':
        if (rest.length !== 1) throw new UsageError('import takes one CSV file: badge-exchange import people.csv');
        return await importCommand(config, rest[0]!, Boolean(values['dry-run']));
      case 'print':
        if (rest.length) throw new UsageError(`print takes flags, not "${rest.join(' ')}".`);
        return await printCommand(config, values);
      case 'digest':
        return await digestCommand(config, values);
      case 'restore':
        if (rest.length !== 1) throw new UsageError('restore takes the backup folder: badge-exchange restore /media/usb/badge-backup --data-dir ./data');
        return await restoreCommand(config, rest[0]!);
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (err) {
    if (err instanceof UsageError) console.error(`${err.message}${err.command ? '' : `\n\n${USAGE}`}`);
    else if (err instanceof ConfigError || err instanceof AppError || err instanceof Error) console.error(err.message);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** A mistake in how the command was typed: said with the help that fits (exit code 2). */
class UsageError extends Error {
  /** Set when the message already names the command's help; the general usage is not repeated. */
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

async function restoreCommand(config: Config, from: string): Promise<number> {
  if (liveLock(config.dataDir)) throw new Error(`A server is running on ${config.dataDir}: stop it, or restore into another folder with --data-dir.`);
  const { restoreBackup } = await import('./store/restore.ts');
  const started = performance.now();
  const r = await restoreBackup(resolve(from), config.dataDir);
  console.log(`Restored "${r.event}" from ${r.from} (copied ${r.manifest.madeAt}) into ${config.dataDir}:
  ${r.attendees} attendees, ${r.meetings} meetings, in ${((performance.now() - started) / 1000).toFixed(1)} s.
Start it with the same address as before, so printed badges' links and the kiosks' queued meetings reach it:
  badge-exchange serve --data-dir ${config.dataDir}${config.publicUrl ? ` --public-url ${config.publicUrl}` : ' --public-url <the old laptop\'s address, e.g. http://192.168.1.20:8080>'}
Kiosks keep their pairing; on a new address, open /kiosk there and pair each tablet again.`);
  return 0;
}

async function serveCommand(config: Config): Promise<number> {
  await checkDataFolder(config.dataDir);
  const { startServer } = await import('./serve.ts');
  const server = await startServer(config);
  console.log(`
Badge Exchange is running.
  Staff console:  ${server.publicUrl}/staff
  On this laptop: ${server.localUrl}/staff
  Admin token:    ${server.adminToken}
  Registration:   ${server.publicUrl}/register${server.kioskPairingUrl ? `\n  First kiosk:    ${server.kioskPairingUrl}   (open it on a tablet within 10 minutes)` : ''}
  Data folder:    ${config.dataDir}${server.caFile ? `\n  HTTPS:          each tablet trusts ${server.publicUrl}/ca.crt once (${server.caFile}); see the README` : ''}${server.seeded ? `\n  Demo event:     seeded with ${server.seeded} attendees` : ''}
Press Ctrl+C to stop.`);
  for (const warning of server.warnings) console.warn(warning);
  void server.profilesAnalysed.then(({ profiles, ms }) => console.log(`Talking points ready: ${profiles.toLocaleString('en')} profiles analysed in ${(ms / 1000).toFixed(1)} s.`));
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return 0;
}

async function importCommand(config: Config, file: string, dryRun: boolean): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`Cannot read ${file}: check the path.`);
  }
  // A running server owns db.json: writing beside it would lose one side's changes, so the
  // import goes through its API instead.
  const running = liveLock(config.dataDir);
  const { importAttendeeCsv } = await import('./services/attendee-import.ts');
  const result = running
    ? await importThroughServer(running.url, config, bytes, dryRun)
    : await importAttendeeCsv(await localStore(config), bytes, { dryRun, now: new Date() });
  printImport(result, file, running?.url);
  return 0;
}

/** The data folder's store, opened here because no server holds it; a folder that cannot hold data is said first. */
async function localStore(config: Config): Promise<Store> {
  await checkDataFolder(config.dataDir);
  return openStore(config.dataDir);
}

async function importThroughServer(url: string, config: Config, bytes: Buffer, dryRun: boolean): Promise<ImportResult> {
  const res = await callServer(url, config, `/api/attendees/import${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', type: 'text/csv', body: new Uint8Array(bytes) });
  return (await res.json()) as ImportResult;
}

/** Calls the running server's API as staff; a refusal becomes an Error carrying the server's message. */
async function callServer(url: string, config: Config, path: string, init: { method?: string; type?: string; body?: BodyInit } = {}): Promise<Response> {
  const token = config.adminToken ?? (await loadOrCreateSecret(config.dataDir, 'admin-token', 18));
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.type ? { 'content-type': init.type } : {}) },
    body: init.body,
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: { message: string } };
    throw new Error(body.error?.message ?? `The server answered ${res.status}.`);
  }
  return res;
}

function printImport(r: ImportResult, file: string, via: string | undefined): void {
  const verb = r.dryRun ? 'would be' : 'were';
  console.log(`${file}${via ? ` (through the server at ${via})` : ''}:`);
  console.log(`  ${r.created} ${verb} created, ${r.updated} ${verb} updated, ${r.errorsTotal} refused.`);
  if (r.incomplete) console.log(`  ${r.incomplete} have no offering or needs yet: complete them at the desk or send their personal links.`);
  for (const e of r.errors) console.log(`  row ${e.row}: ${e.message}`);
  if (r.errorsTotal > r.errors.length) console.log(`  … and ${r.errorsTotal - r.errors.length} more refused rows (the staff console's Import tab lists them all).`);
  if (r.dryRun) console.log('  Nothing was written (--dry-run).');
}


async function printCommand(config: Config, values: Record<string, string | boolean | undefined>): Promise<number> {
  const format: BadgeFormat = values.zpl ? 'zpl' : 'pdf';
  const out = values.out as string | undefined;
  const printer = values.printer as string | undefined;
  if (!out && !printer) throw new UsageError('Say where the badges go: --out badges.pdf (or, with --zpl, --printer host:9100).');
  if (printer && format !== 'zpl') throw new UsageError('--printer sends ZPL to a Zebra printer: add --zpl.');
  const request: PrintRequest = {
    template: values.template as string | undefined,
    format,
    ids: (values.ids as string | undefined)?.split(',').map((s) => s.trim()).filter(Boolean),
    unprinted: Boolean(values.unprinted),
    q: values.q as string | undefined,
    preview: Boolean(values.preview),
  };
  const running = liveLock(config.dataDir);
  const { count, body } = running ? await printThroughServer(running.url, config, request) : await printHere(config, request);
  if (printer) await (await import('./services/zebra-printer.ts')).sendToPrinter(printer, String(body));
  if (out) await writeFile(out, body);
  const where = [out, printer && `printer ${printer}`].filter(Boolean).join(' and ');
  console.log(`${count} ${count === 1 ? 'badge' : 'badges'} to ${where}${request.preview ? ' (preview: not marked printed)' : ', marked printed'}.`);
  return 0;
}

async function printHere(config: Config, request: PrintRequest) {
  const [{ printBadges }, { loadTemplates }] = await Promise.all([import('./services/badge-print.ts'), import('./badges/templates.ts')]);
  const store = await localStore(config);
  const secret = await loadOrCreateSecret(config.dataDir, 'secret');
  return printBadges(store, loadTemplates(), request, { publicUrl: publicUrlFor(config, config.port), secret, now: new Date() });
}

async function printThroughServer(url: string, config: Config, request: PrintRequest): Promise<{ count: number; body: Buffer }> {
  const params = new URLSearchParams({ template: request.template ?? '' });
  if (request.ids?.length) params.set('ids', request.ids.join(','));
  if (request.unprinted) params.set('unprinted', '1');
  if (request.q) params.set('q', request.q);
  if (request.preview) params.set('preview', '1');
  // A POST prints (and marks printed); a GET only shows.
  const res = await callServer(url, config, `/api/badges.${request.format}?${params}`, request.preview ? undefined : { method: 'POST' });
  return { count: Number(res.headers.get('x-badge-count') ?? 0), body: Buffer.from(await res.arrayBuffer()) };
}

async function digestCommand(config: Config, values: Record<string, string | boolean | undefined>): Promise<number> {
  const dryRun = Boolean(values['dry-run']);
  if (!values.send && !dryRun && !values.to) throw new UsageError('Say what to do: digest --send, digest --dry-run, or digest --to <attendee id>.');
  const noMeetings = values['no-meetings'];
  if (noMeetings !== undefined && noMeetings !== 'note' && noMeetings !== 'skip') throw new UsageError('--no-meetings is "note" or "skip".');
  const run: DigestRun = { dryRun, force: Boolean(values.force), only: values.to ? [String(values.to)] : undefined, noMeetings };
  const running = liveLock(config.dataDir);
  let result: DigestProgress;
  if (running) {
    // The running server owns the journals: ask it, then follow its progress.
    const body = JSON.stringify({ dryRun: run.dryRun, force: run.force, to: run.only, noMeetings: run.noMeetings });
    await callServer(running.url, config, '/api/digests/send', { method: 'POST', type: 'application/json', body });
    do {
      await new Promise((r) => setTimeout(r, 500));
      result = (await (await callServer(running.url, config, '/api/digests')).json()) as DigestProgress;
    } while (result.running);
  } else {
    const [{ createMailer }, { startSemanticIndex }, { TalkingPoints }, { Digests }] = await Promise.all([
      import('./mail/mailer.ts'), import('./semantic/start.ts'), import('./services/talking-points.ts'), import('./services/digests.ts'),
    ]);
    const store = await localStore(config);
    // What the server's route refuses, refused here too: the placeholder sender, then the send window.
    const problem = run.dryRun ? null : mailSenderProblem(store.event, config.mailFrom) ?? digestWindowProblem(new Date(), store.event.digestWindow, store.event.timeZone);
    if (problem) throw new Error(`${problem.replace('in Settings', 'in the staff console\'s Settings')} Nothing was sent.`);
    const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: join(config.dataDir, 'outbox'), perSecond: config.mailPerSecond });
    // The same talking points as the server's, sentence model included (a dry run only counts).
    const semantic = run.dryRun ? null : await startSemanticIndex();
    try {
      const talkingPoints = new TalkingPoints(store, (id) => store.exchanges.met(id), semantic?.index ?? null);
      result = await new Digests(store, talkingPoints, mailer, { from: config.mailFrom }).run(run);
    } finally {
      mailer.close();
      await semantic?.close();
    }
  }
  const verb = result.dryRun ? 'would be sent' : 'sent';
  console.log(`Digests (${result.mailer}): ${result.sent} ${verb}, ${result.alreadySent} sent before, ${result.skipped} skipped (met nobody), ${result.noEmail} without an email, ${result.failed} failed.`);
  for (const e of result.errors) console.log(`  ${e.name} (${e.attendee}): ${e.message}`);
  if (result.stopped) console.log(`  Stopped: ${result.stopped}`);
  return result.stopped || result.failed ? 1 : 0;
}
