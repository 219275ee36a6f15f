import { DomainError } from "../../shared/errors";

const TIMEOUT_MS = 15_000;

/** JSON over HTTP to a payment provider, with a timeout; provider failures become `gateway_error`. */
export async function providerJson(
  provider: string,
  url: string,
  init: { method: "GET" | "POST"; headers?: Record<string, string>; body?: string },
  fetchImpl: typeof fetch = fetch,
): Promise<{ status: number; json: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    throw new DomainError("gateway_error", `${provider} could not be reached.`);
  }
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      json = parsed as Record<string, unknown>;
  } catch {
    throw new DomainError("gateway_error", `${provider} answered with something other than JSON.`);
  }
  return { status: response.status, json };
}

export function field(source: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = source?.[name];
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  return undefined;
}

export function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
