import { DomainError } from "../shared/errors";
import { MessageSendError, type SmsProvider } from "./sms";

export interface Notification {
  /** Email address or phone number. */
  to: string;
  subject: string;
  text: string;
}

export interface MailboxEntry extends Notification {
  channel: "email" | "sms";
  sentAt: string;
  /** The HTML part of an email, when it has one. */
  html?: string;
  replyTo?: string;
  fromName?: string;
  headers?: Record<string, string>;
}

/** One email as the worker sends it: plain text and, when there is one, an HTML alternative. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string | null | undefined;
  /** The vendor's support address. */
  replyTo?: string | null | undefined;
  /** The sender's display name (the vendor); the address stays SMTP_FROM's. */
  fromName?: string | null | undefined;
  /** Extra headers, e.g. RFC 8058 `List-Unsubscribe` and `List-Unsubscribe-Post`. */
  headers?: Record<string, string> | undefined;
}

export interface Notifier {
  /** A sign-in code: by email to an address, by SMS to a phone number. */
  send(message: Notification): Promise<void>;
  /** Outside production: what was sent, newest first (the dev mailbox). Null in production. */
  mailbox(): MailboxEntry[] | null;
}

/** What the customer-message worker sends through; throws when a message did not go out. */
export interface MessageSender {
  email(message: EmailMessage): Promise<void>;
  sms(to: string, text: string): Promise<void>;
}

export interface NotifierOptions {
  smtpUrl?: string | undefined;
  smtpFrom?: string | undefined;
  /** Texts to phone numbers (e.g. createTwilioSms); without it they reach the dev mailbox only. */
  sms?: SmsProvider | undefined;
  production: boolean;
  /** Where development notices go (the server log); never called in production. */
  log?: ((line: string) => void) | undefined;
}

const MAILBOX_SIZE = 100;

/** No transport for the channel, in production. */
class TransportMissing extends MessageSendError {
  constructor(what: string) {
    super(`${what} is not configured.`, { permanent: false });
  }
}

/**
 * Email by SMTP (nodemailer) when a URL is configured, SMS through the SMS provider when one is;
 * outside production every message is also kept in an in-memory dev mailbox and logged, so a
 * developer can sign in and read reminders without a mail server or an SMS account. A channel
 * with no transport counts as sent outside production (the dev mailbox is its transport) and
 * fails in production, so the worker retries and the vendor can see it did not go out.
 */
export function createNotifier(options: NotifierOptions): Notifier & MessageSender {
  const kept: MailboxEntry[] = [];
  let transport: Promise<{ sendMail(m: Record<string, unknown>): Promise<unknown> }> | null = null;
  const smtp = () => {
    if (!options.smtpUrl) return null;
    transport ??= import("nodemailer").then((m) => m.createTransport(options.smtpUrl));
    return transport;
  };
  const keep = (channel: MailboxEntry["channel"], message: Omit<MailboxEntry, "channel" | "sentAt">) => {
    if (options.production) return;
    kept.unshift({ ...message, channel, sentAt: new Date().toISOString() });
    kept.length = Math.min(kept.length, MAILBOX_SIZE);
    options.log?.(`[dev mailbox] ${channel} to ${message.to}: ${message.subject} — ${message.text}`);
  };
  const unconfigured = (what: string) => {
    if (options.production) throw new TransportMissing(what);
  };

  const sender: MessageSender = {
    async email(message) {
      const { to, subject, text } = message;
      keep("email", {
        to,
        subject,
        text,
        ...(message.html ? { html: message.html } : {}),
        ...(message.replyTo ? { replyTo: message.replyTo } : {}),
        ...(message.fromName ? { fromName: message.fromName } : {}),
        ...(message.headers ? { headers: message.headers } : {}),
      });
      const t = smtp();
      if (!t) return unconfigured("Email (SMTP_URL)");
      await (await t)
        .sendMail({
          from: fromAddress(options.smtpFrom, message.fromName),
          to,
          subject,
          text,
          ...(message.html ? { html: message.html } : {}),
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          ...(message.headers ? { headers: message.headers } : {}),
        })
        .catch((error: unknown) => {
          throw smtpFailure(error);
        });
    },
    async sms(to, text) {
      keep("sms", { to, subject: "SMS", text });
      if (!options.sms) return unconfigured("SMS (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)");
      await options.sms.send(to, text);
    },
  };

  return {
    ...sender,
    async send(message) {
      try {
        if (message.to.includes("@")) await sender.email(message);
        else await sender.sms(message.to, message.text);
      } catch (error) {
        // Without a transport a sign-in code goes nowhere, as before SMS existed: only a transport
        // that exists and fails is an error; one that refuses the number says so.
        if (error instanceof TransportMissing) return;
        if (error instanceof MessageSendError && error.permanent) {
          throw new DomainError("invalid_input", "We could not send a code to this destination.", {
            field: "destination",
          });
        }
        throw error;
      }
    },
    mailbox: () => (options.production ? null : [...kept]),
  };
}

const DEFAULT_FROM = "Keyway <no-reply@keyway.local>";

/**
 * SMTP_FROM's address under the vendor's name (`"Acme Tools" <no-reply@…>`), so the customer
 * sees who wrote while the mail still leaves from the server's own, authenticated domain.
 */
export function fromAddress(smtpFrom: string | undefined, fromName: string | null | undefined) {
  const configured = smtpFrom ?? DEFAULT_FROM;
  if (!fromName) return configured;
  const address = /<([^>]+)>/.exec(configured)?.[1] ?? configured.trim();
  return { name: fromName, address };
}

/**
 * What the SMTP server's answer means for a retry: a 5xx about the recipient or the message
 * (550–554: no such mailbox, refused, rejected content) is final; anything else (4xx, a dropped
 * connection, a server down, a 5xx about our login or configuration) may pass later.
 */
export function smtpFailure(error: unknown): MessageSendError {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  const text = error instanceof Error ? error.message : String(error);
  const permanent = typeof code === "number" && code >= 550 && code <= 554;
  return new MessageSendError(`SMTP: ${text}`, { permanent, cause: error });
}
