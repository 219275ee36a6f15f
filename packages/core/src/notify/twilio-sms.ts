import { MessageSendError, type SmsProvider, toE164 } from "./sms";

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** The sending number (E.164) or Messaging Service / alphanumeric sender Twilio accepts as `From`. */
  from: string;
  /** https://api.twilio.com (TWILIO_API_URL; tests point it at a local fake). */
  apiUrl?: string | undefined;
  /** For numbers stored without a country (Biznoq buyers: 10 Indian digits). */
  defaultCountryCode?: string | undefined;
  timeoutMs?: number | undefined;
}

/** Twilio's error code for a number that replied STOP to this sender. */
const TWILIO_UNSUBSCRIBED = 21610;

/** Twilio's error body: `{ code, message, more_info, status }`. */
interface TwilioError {
  code?: number;
  message?: string;
}

/**
 * SMS through Twilio's Messages API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * HTTP Basic auth (AccountSid:AuthToken), form fields `To`, `From`, `Body`; 201 with the
 * message's `sid`. One documented call, so plain fetch rather than Twilio's SDK.
 */
export function createTwilioSms(options: TwilioSmsOptions): SmsProvider {
  const base = (options.apiUrl ?? "https://api.twilio.com").replace(/\/+$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  const countryCode = options.defaultCountryCode ?? "+91";
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(to, text) {
      const body = new URLSearchParams({ To: toE164(to, countryCode), From: options.from, Body: text });
      let res: Response;
      try {
        res = await fetch(url, {
          method: "POST",
          headers: {
            authorization: auth,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new MessageSendError(`Twilio could not be reached: ${describe(error)}`, {
          permanent: false,
          cause: error,
        });
      }
      const answer = (await res.json().catch(() => ({}))) as TwilioError & { sid?: string };
      if (res.ok && typeof answer.sid === "string") return { id: answer.sid };
      const detail = answer.message
        ? `${answer.message}${answer.code ? ` (${answer.code})` : ""}`
        : "no detail";
      // 400 is Twilio refusing this message (invalid or unsubscribed number…): sending it again
      // cannot help. Anything else (auth, rate limits, outages) may pass later.
      throw new MessageSendError(`Twilio answered ${res.status}: ${detail}`, {
        permanent: res.status === 400,
        // "Attempt to send to unsubscribed recipient": the number replied STOP to this sender.
        optedOut: answer.code === TWILIO_UNSUBSCRIBED,
      });
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
