import { randomBytes } from "node:crypto";

/** A console browser, as far as the server can tell: a cookie jar and the CSRF token. */
export interface ConsoleBrowser {
  cookie: string;
  csrfToken: string;
  vendorId: string;
  userId: string;
  setCookie: string;
  query<T = unknown>(path: string, input?: unknown): Promise<TrpcResult<T>>;
  mutate<T = unknown>(
    path: string,
    input?: unknown,
    options?: { csrf?: string | null },
  ): Promise<TrpcResult<T>>;
}

export type TrpcResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: { message: string; data: { code: string; httpStatus: number } } };

export async function trpc<T>(
  baseUrl: string,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<TrpcResult<T> & { setCookie: string | null }> {
  // Mutations go the way the tRPC client sends them: batched, so a void input needs no body.
  const url =
    kind === "query"
      ? `${baseUrl}/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`
      : `${baseUrl}/trpc/${path}?batch=1`;
  const res = await fetch(url, {
    method: kind === "query" ? "GET" : "POST",
    headers: { ...(kind === "mutation" ? { "content-type": "application/json" } : {}), ...headers },
    ...(kind === "mutation" ? { body: JSON.stringify(input === undefined ? {} : { 0: input }) } : {}),
  });
  type Body = {
    result?: { data: T };
    error?: { message: string; data: { code: string; httpStatus: number } };
  };
  const raw = (await res.json()) as Body | Body[];
  const body = Array.isArray(raw) ? (raw[0] ?? {}) : raw;
  const setCookie = res.headers.get("set-cookie");
  const status = body.error?.data.httpStatus ?? res.status;
  if (body.error) return { ok: false, status, error: body.error, setCookie };
  return { ok: true, status, data: body.result?.data as T, setCookie };
}

export function uniqueEmail(label = "owner"): string {
  return `${label}-${randomBytes(4).toString("hex")}@vendor.test`;
}

export const TEST_PASSWORD = "correct-horse-battery-staple";

interface SessionData {
  csrfToken: string;
  user: { id: string };
  vendor: { id: string };
}

function browserFrom(baseUrl: string, setCookie: string, session: SessionData): ConsoleBrowser {
  const match = /keyway_console=([^;]+)/.exec(setCookie);
  if (!match?.[1]) throw new Error(`no console cookie in ${setCookie}`);
  const cookie = `keyway_console=${match[1]}`;
  return {
    cookie,
    setCookie,
    csrfToken: session.csrfToken,
    vendorId: session.vendor.id,
    userId: session.user.id,
    query: (path, input) => trpc(baseUrl, "query", path, input, { cookie }),
    mutate: (path, input, options) => {
      const csrf = options?.csrf === undefined ? session.csrfToken : options.csrf;
      return trpc(baseUrl, "mutation", path, input, { cookie, ...(csrf ? { "x-csrf-token": csrf } : {}) });
    },
  };
}

/** Signs up a fresh vendor through the API, as the console's sign-up form does. */
export async function signUpBrowser(
  baseUrl: string,
  input: {
    vendorName?: string;
    email?: string;
    password?: string;
    timezone?: string;
    currency?: string;
  } = {},
): Promise<ConsoleBrowser & { email: string }> {
  const email = input.email ?? uniqueEmail();
  const res = await trpc<SessionData>(baseUrl, "mutation", "account.signUp", {
    vendorName: input.vendorName ?? `Vendor ${randomBytes(3).toString("hex")}`,
    email,
    password: input.password ?? TEST_PASSWORD,
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(input.currency ? { currency: input.currency } : {}),
  });
  if (!res.ok || !res.setCookie) throw new Error(`sign-up failed: ${JSON.stringify(res)}`);
  return { ...browserFrom(baseUrl, res.setCookie, res.data), email };
}

export async function signInBrowser(
  baseUrl: string,
  email: string,
  password: string,
): Promise<ConsoleBrowser> {
  const res = await trpc<SessionData>(baseUrl, "mutation", "account.signIn", { email, password });
  if (!res.ok || !res.setCookie) throw new Error(`sign-in failed: ${JSON.stringify(res)}`);
  return browserFrom(baseUrl, res.setCookie, res.data);
}
