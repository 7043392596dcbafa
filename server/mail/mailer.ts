import { randomUUID } from 'node:crypto';
import { appendFile, chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions, type TransportOptions } from 'nodemailer';

/** A message ready to go. */
export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string; contentType: string; encoding?: 'base64' }[];
  /** The attendees whose details it carries (its recipient, the people it names): erasing one of them deletes a kept copy. */
  about?: string[];
}

/** Why a send failed, as the digest job needs to know it. */
export class SendError extends Error {
  constructor(
    message: string,
    /** Worth trying again later: a 4xx answer, or the server could not be reached. */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

/** The one module that sends mail. */
export interface Mailer {
  /** Where mail goes, for people: "smtp://mail.example.org:587" or the outbox folder. */
  readonly describe: string;
  send(mail: OutgoingMail): Promise<void>;
  /** Deletes mail kept on this laptop (the outbox's .eml files), for the purge. */
  discardKept(): Promise<void>;
  /** Deletes kept mail that carries details of any of these attendees (erasure). */
  discardAbout(attendeeIds: readonly string[]): Promise<void>;
  close(): void;
}

/**
 * Mail over SMTP_URL (TLS or STARTTLS and auth as the URL says; pooled, rate-limited), or,
 * without one, each message written as an .eml file into DATA_DIR/outbox, so the default install
 * works with no mail server.
 */
export function createMailer({ smtpUrl, outboxDir, perSecond = 100 }: { smtpUrl?: string; outboxDir: string; perSecond?: number }): Mailer {
  if (!smtpUrl) return outboxMailer(outboxDir);
  // Options beside `url` in one object: a second argument to createTransport would be message
  // defaults, and the pool (one connection reused, not a new one per digest) would be lost.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    // A polite sender: mail servers throttle or block bursts from one address.
    rateDelta: 1000,
    rateLimit: perSecond,
  } as TransportOptions);
  return {
    describe: smtpUrl.replace(/\/\/[^@/]*@/, '//'),
    async send(mail) {
      try {
        await transport.sendMail(toNodemailer(mail));
      } catch (err) {
        const e = err as { responseCode?: number; message?: string; code?: string };
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        throw new SendError(e.message ?? String(err), !permanent);
      }
    },
    discardKept: async () => {},
    discardAbout: async () => {},
    close: () => transport.close(),
  };
}

/**
 * Each message as an .eml file in the outbox, readable by the owner only, named at random (a
 * name must not say whom it is for). `.about.jsonl` beside them says which attendees each file
 * carries details of, so erasing a person deletes every copy that names them.
 */
function outboxMailer(outboxDir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const index = join(outboxDir, '.about.jsonl');
  // The index is appended by sends and rewritten by erasure: one at a time, so a digest run during
  // an erasure cannot lose the line that names the file it just wrote.
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
        await writeFile(join(outboxDir, file), info.message as Buffer, { mode: 0o600 });
        await appendFile(index, `${JSON.stringify({ file, about: mail.about ?? [] })}\n`, { mode: 0o600 });
      });
    },
    discardKept: () => rm(outboxDir, { recursive: true, force: true }),
    discardAbout: (attendeeIds) => inTurn(async () => {
      let lines: string[];
      try {
        lines = (await readFile(index, 'utf8')).split('\n').filter(Boolean);
      } catch {
        return;
      }
      const gone = new Set(attendeeIds);
      const keep: string[] = [];
      for (const line of lines) {
        let entry: { file: string; about: string[] };
        try {
          entry = JSON.parse(line) as { file: string; about: string[] };
        } catch {
          continue;
        }
        if (entry.about.some((id) => gone.has(id))) await rm(join(outboxDir, entry.file.replace(/[\\/]/g, '')), { force: true });
        else keep.push(line);
      }
      if (keep.length !== lines.length) await writeFile(index, keep.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    }),
    close: () => transport.close(),
  };
}

function toNodemailer(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    headers: mail.headers,
    attachments: mail.attachments,
  };
}
