import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Mailer, OutgoingMail } from './mailer.ts';

/**
 * Each message as an .eml file in the outbox, readable by the owner only, named at random (a
 * name must not say whom it is for). `.about.jsonl` beside them says which attendees each file
 * carries details of, so erasing a person deletes every copy that names them.
 *
 * Erasure goes by that index, so a mail the index lost must not outlive it: a crash between a
 * mail and its line, a line a full disk cut short, a file from a version before the index. An
 * erasure therefore also deletes every .eml no whole line names; nobody can say whom it is about.
 */
export function outboxMailer(outboxDir: string, toNodemailer: (mail: OutgoingMail) => SendMailOptions): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const index = join(outboxDir, '.about.jsonl');
  // The index is appended by sends and rewritten by erasure: one at a time, so a digest run during
  // an erasure cannot lose the line that names the file it just wrote (nor have it swept).
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const done = turn.then(work);
    turn = done.catch(() => {});
    return done;
  };
  return {
    describe: outboxDir,
    async send(mail) {
      const info = await transport.sendMail(toNodemailer(mail));
      await mkdir(outboxDir, { recursive: true, mode: 0o700 });
      await chmod(outboxDir, 0o700);
      const file = `${randomUUID()}.eml`;
      await inTurn(async () => {
        try {
          await writeFile(join(outboxDir, file), info.message as Buffer, { mode: 0o600 });
          await appendLine(index, JSON.stringify({ file, about: mail.about ?? [] }));
        } catch (err) {
          // Not kept, so not sent: no half of it stays behind (the digest job tries again).
          await rm(join(outboxDir, file), { force: true });
          throw err;
        }
      });
    },
    discardKept: () => rm(outboxDir, { recursive: true, force: true }),
    discardAbout: (attendeeIds) => inTurn(async () => {
      let files: string[];
      try {
        files = (await readdir(outboxDir)).filter((f) => f.endsWith('.eml'));
      } catch {
        return;
      }
      const lines = (await readFile(index, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      const gone = new Set(attendeeIds);
      const named = new Set<string>();
      const keep: string[] = [];
      for (const line of lines) {
        let entry: { file: string; about: string[] };
        try {
          entry = JSON.parse(line) as { file: string; about: string[] };
        } catch {
          continue; // cut short: its file, if any, is unnamed now and goes below
        }
        if (entry.about.some((id) => gone.has(id))) continue;
        named.add(entry.file);
        keep.push(line);
      }
      for (const file of files) if (!named.has(file)) await rm(join(outboxDir, file), { force: true });
      if (keep.length !== lines.length) await replace(index, keep.map((l) => `${l}\n`).join(''));
    }),
    close: () => transport.close(),
  };
}

/** Appends one line, on a line of its own even when the file ends in a line a crash cut short. */
async function appendLine(file: string, line: string): Promise<void> {
  const handle = await open(file, 'a+', 0o600);
  try {
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    await handle.writeFile(`${size > 0 && last[0] !== 0x0a ? '\n' : ''}${line}\n`);
  } finally {
    await handle.close();
  }
}

/** Writes a file whole or not at all (temp file, rename): a crash mid-way keeps the old index. */
async function replace(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, file);
}
