import type { Answer, Headers } from "./http";
import type { Sample } from "./inputs";
import type { CallingVendor, OwnerVendor } from "./vendors";

/**
 * The one auth matrix every route and procedure runs through. Vendor B calls with no
 * credentials, a wrong secret, a revoked credential (or ended session), a credential of the
 * wrong kind, and finally its own good one with vendor A's ids plugged in:
 *   no / wrong / revoked / wrong kind  → 401
 *   a member where owners only         → 403 (where an API credential stands for an owner too)
 *   B's own, naming A's rows           → 404
 *   B's own, an optional field naming A's → 404, or 2xx showing none of A (a list's filter)
 *   B's own, naming none (lists, creates) → 2xx (or the status `expected` documents)
 * and never a 5xx, nor any of A's ids, keys, names or emails in the body.
 */

/** Which credentials a target takes. */
export type AuthKind =
  | "vendor" // API credential (Bearer, key pair, Brand-URL) or a console session
  | "console" // a console session only
  | "owner" // an owner's console session only
  | "ownerOrCredential" // an API credential or an owner's console session, not a member's
  | "customer" // a portal customer's session
  | "biznoq" // x-api-key + x-api-secret
  | "jframework"; // Brand-URL + Auth-Key

export interface Target {
  /** How a failure names it: `trpc license.get`, `GET /api/v1/licenses/{licenseId}`. */
  name: string;
  auth: AuthKind;
  /** Reads only: vendor A's own credential must then read A's rows (the control). */
  query: boolean;
  sample: Sample;
  send(headers: Headers): Promise<Answer>;
  /** Status of B's good call when it names none of A's rows and a 2xx is not the answer. */
  expected?: number;
}

interface Case {
  label: string;
  headers: Headers | (() => Promise<Headers>);
  status: number | "own";
}

function casesOf(auth: AuthKind, b: CallingVendor): Case[] {
  const refused = (label: string, list: Headers[]): Case[] =>
    list.map((headers, i) => ({ label: `${label} #${i + 1}`, headers, status: 401 }));
  const api = (w: CallingVendor["wrong"]) => [w.bearer, w.pair, w.brand];
  const base = refused("no credentials", [{}]);
  switch (auth) {
    case "vendor":
      return [
        ...base,
        ...refused("wrong secret", [...api(b.wrong), b.wrong.console]),
        ...refused("revoked", [...api(b.revoked), b.revoked.console]),
        ...[b.bearer, b.pair, b.brand].map((headers, i) => ({
          label: `B's API credential #${i + 1}`,
          headers,
          status: "own" as const,
        })),
        { label: "B's console session", headers: b.ownerSession, status: "own" },
      ];
    case "ownerOrCredential":
      return [
        ...base,
        ...refused("wrong secret", [...api(b.wrong), b.wrong.console]),
        ...refused("revoked", [...api(b.revoked), b.revoked.console]),
        { label: "B's member", headers: b.memberSession, status: 403 },
        ...[b.bearer, b.pair, b.brand].map((headers, i) => ({
          label: `B's API credential #${i + 1}`,
          headers,
          status: "own" as const,
        })),
        { label: "B's owner session", headers: b.ownerSession, status: "own" },
      ];
    case "console":
    case "owner":
      return [
        ...base,
        ...refused("wrong secret", [b.wrong.console]),
        ...refused("revoked", [b.revoked.console]),
        ...refused("an API credential", [b.bearer, b.pair]),
        ...(auth === "owner" ? [{ label: "B's member", headers: b.memberSession, status: 403 }] : []),
        { label: "B's owner session", headers: b.ownerSession, status: "own" },
      ];
    case "customer":
      return [
        ...base,
        ...refused("wrong secret", [b.wrong.customer]),
        ...refused("revoked", [b.revoked.customer]),
        ...refused("a vendor's credential", [b.bearer]),
        { label: "a vendor's console session", headers: b.ownerSession, status: 401 },
        { label: "B's customer session", headers: b.customerSession, status: "own" },
      ];
    case "biznoq":
      return [
        ...base,
        ...refused("wrong secret", [b.wrong.pair]),
        ...refused("revoked", [b.revoked.pair]),
        ...refused("another kind of credential", [b.bearer, b.brand]),
        { label: "B's key pair", headers: b.pair, status: "own" },
      ];
    case "jframework":
      return [
        ...base,
        ...refused("wrong secret", [b.wrong.brand]),
        ...refused("revoked", [b.revoked.brand]),
        ...refused("another kind of credential", [b.bearer, b.pair]),
        { label: "B's brand credential", headers: b.brand, status: "own" },
      ];
  }
}

/** Runs every case on every target; returns one line per wrong answer (expect it to be empty). */
export async function runAuthMatrix(targets: Target[], a: OwnerVendor, b: CallingVendor): Promise<string[]> {
  const problems: string[] = [];
  for (const target of targets) {
    for (const c of casesOf(target.auth, b)) {
      const headers = typeof c.headers === "function" ? await c.headers() : c.headers;
      const answer = await target.send(headers);
      const want = c.status !== "own" ? c.status : ownWanted(target);
      const got = answer.status;
      const ok =
        want === "2xx"
          ? got >= 200 && got < 300
          : want === "2xx or 404"
            ? got === 404 || (got < 300 && got >= 200)
            : got === want;
      if (!ok)
        problems.push(`${target.name} with ${c.label}: ${got} (want ${want}) ${answer.text.slice(0, 200)}`);
      const leaked = a.secrets.filter((s) => answer.text.includes(s));
      if (leaked.length)
        problems.push(`${target.name} with ${c.label}: shows vendor A's ${leaked.join(", ")}`);
    }
  }
  return problems;
}

/** B's good call: 404 when it must name A's rows; a list filtered by them answers, showing none. */
function ownWanted(target: Target): number | "2xx" | "2xx or 404" {
  if (target.sample.requiredIds.length > 0) return 404;
  if (target.sample.optionalIds.length > 0) return "2xx or 404";
  return target.expected ?? "2xx";
}

/** The control: A's own credential reads, through every query that names A's rows, what B could not. */
export async function runOwnerControl(
  targets: Target[],
  ownHeaders: (auth: AuthKind) => Promise<Headers>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const target of targets.filter((t) => t.query && t.sample.requiredIds.length > 0)) {
    const answer = await target.send(await ownHeaders(target.auth));
    if (answer.status < 200 || answer.status >= 300) {
      problems.push(`${target.name} for vendor A itself: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
  }
  return problems;
}
