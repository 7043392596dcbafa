import nodemailer, { type SendMailOptions, type TransportOptions } from 'nodemailer';
import { outboxMailer } from './outbox-mailer.ts';

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
  if (!smtpUrl) return outboxMailer(outboxDir, toNodemailer);
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
