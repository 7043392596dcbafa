import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../server/cli.ts';

// In process: help, version and flag mistakes touch no data folder and start nothing.
let out: string;
let err: string;
beforeEach(() => {
  out = err = '';
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += `${a.join(' ')}\n`));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void (err += `${a.join(' ')}\n`));
});
afterEach(() => vi.restoreAllMocks());

describe('badge-exchange on the command line', () => {
  it('prints its version with --version (and -V)', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await main(['--version'])).toBe(0);
    expect(out).toBe(`badge-exchange ${version}\n`);
    out = '';
    expect(await main(['print', '-V'])).toBe(0);
    expect(out).toBe(`badge-exchange ${version}\n`);
  });

  const commandHelp: [string[], RegExp[]][] = [
    [['print', '--help'], [/^Print badges to a PDF, or ZPL/, /Usage: badge-exchange print --template <name>/, /--printer <host\[:port\]> +Send the ZPL/, /--unprinted +Only badges not printed yet/]],
    [['digest', '-h'], [/^Post-event digests/, /--no-meetings <skip\|note> +People who met nobody/, /Set the organizer's email/]],
    [['import', '--help'], [/Usage: badge-exchange import <file\.csv> \[--dry-run\]/, /--dry-run +Show what would be created/]],
    [['help', 'restore'], [/Usage: badge-exchange restore <backup-dir>/]],
    [['serve', '--help'], [/^Serve Badge Exchange/, /--data-dir <path> +Store, secret/]],
  ];
  it.each(commandHelp)('%j explains that command, not the general help', async (args, expected) => {
    expect(await main(args)).toBe(0);
    for (const e of expected) expect(out).toMatch(e);
    expect(out).not.toMatch(/^Commands:/m);
  });

  it('prints the general help with --help alone, naming each command', async () => {
    expect(await main(['--help'])).toBe(0);
    for (const c of ['serve', 'import', 'print', 'digest', 'restore']) expect(out).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(out).toContain('badge-exchange <command> --help');
  });

  const mistakes: [string[], RegExp][] = [
    [['print', '--templat', 'a6-4-a4'], /^Unknown flag --templat for print\. Did you mean --template\? print takes --template, --out, --zpl, --printer, --unprinted, --ids, --q, --preview, and the server flags \(--port,.*; see badge-exchange print --help\./],
    [['serve', '--colour'], /^Unknown flag --colour for serve\. serve takes the server flags/],
    [['import', 'people.csv', '--zpl'], /^Unknown flag --zpl for import\. import takes --dry-run, and the server flags/],
    [['digest', '--sned'], /Did you mean --send\?/],
    [['--data-dri', 'x'], /^Unknown flag --data-dri for serve\. Did you mean --data-dir\?/],
  ];
  it.each(mistakes)('%j names the flags that exist, exit 2', async (args, message) => {
    expect(await main(args)).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
  });
});
