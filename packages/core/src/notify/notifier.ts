export interface Notification {
  /** Email address or phone number. */
  to: string;
  subject: string;
  text: string;
}

export interface MailboxEntry extends Notification {
  sentAt: string;
}

export interface Notifier {
  send(message: Notification): Promise<void>;
  /** Outside production: what was sent, newest first (the dev mailbox). Null in production. */
  mailbox(): MailboxEntry[] | null;
}

export interface NotifierOptions {
  smtpUrl?: string | undefined;
  smtpFrom?: string | undefined;
  production: boolean;
  /** Where development notices go (the server log); never called in production. */
  log?: ((line: string) => void) | undefined;
}

const MAILBOX_SIZE = 100;

/**
 * SMTP via nodemailer when a URL is configured; outside production every message is also kept in
 * an in-memory dev mailbox and logged, so a developer can sign in without a mail server.
 * Phone numbers have no SMS transport yet: they reach the dev mailbox only.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const kept: MailboxEntry[] = [];
  let transport: Promise<{ sendMail(m: Record<string, string>): Promise<unknown> }> | null = null;
  const smtp = () => {
    if (!options.smtpUrl) return null;
    transport ??= import("nodemailer").then((m) => m.createTransport(options.smtpUrl));
    return transport;
  };
  return {
    async send(message) {
      if (!options.production) {
        kept.unshift({ ...message, sentAt: new Date().toISOString() });
        kept.length = Math.min(kept.length, MAILBOX_SIZE);
        options.log?.(`[dev mailbox] to ${message.to}: ${message.subject} — ${message.text}`);
      }
      const t = smtp();
      if (t && message.to.includes("@")) {
        await (await t).sendMail({
          from: options.smtpFrom ?? "Keyway <no-reply@keyway.local>",
          to: message.to,
          subject: message.subject,
          text: message.text,
        });
      }
    },
    mailbox: () => (options.production ? null : [...kept]),
  };
}
