/** Sending a text to a phone: the interface the notifier uses, whichever provider is behind it. */
export interface SmsProvider {
  /** Sends `text` to `to` (digits as the customer entered them, or E.164); the provider's id. */
  send(to: string, text: string): Promise<{ id: string }>;
}

/**
 * A message the provider refused or could not take. `permanent`: sending it again cannot help
 * (an invalid number, a recipient who opted out), so it fails at once instead of retrying.
 */
export class MessageSendError extends Error {
  readonly permanent: boolean;
  /** The recipient told the provider to stop (an SMS `STOP` reply: Twilio's 21610). */
  readonly optedOut: boolean;
  constructor(message: string, options: { permanent: boolean; optedOut?: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "MessageSendError";
    this.permanent = options.permanent;
    this.optedOut = options.optedOut ?? false;
  }
}

/**
 * A phone number in E.164 (`+919460439200`). Customers' numbers are stored as entered: a number
 * with `+` or `00` already carries its country; 10 digits (or 11 with the trunk 0) are national
 * and get `defaultCountryCode`; 11 to 15 digits are taken as starting with a country code.
 */
export function toE164(phone: string, defaultCountryCode: string): string {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, "");
  const country = defaultCountryCode.replace(/\D/g, "");
  let e164: string;
  if (trimmed.startsWith("+")) e164 = `+${digits}`;
  else if (digits.startsWith("00")) e164 = `+${digits.slice(2)}`;
  else if (digits.length === 10) e164 = `+${country}${digits}`;
  else if (digits.length === 11 && digits.startsWith("0")) e164 = `+${country}${digits.slice(1)}`;
  else e164 = `+${digits}`;
  if (!/^\+[1-9]\d{7,14}$/.test(e164)) {
    throw new MessageSendError(`"${phone}" is not a phone number SMS can reach.`, { permanent: true });
  }
  return e164;
}
