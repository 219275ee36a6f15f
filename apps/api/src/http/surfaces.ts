/**
 * The surfaces Keyway answers on; each has its own error body (see ./error-envelopes.ts). The
 * same map as app.ts's route table, read from the raw URL (which may not even decode), so a
 * failure before any route — a bad URL, an unknown path — still answers in the right envelope.
 */
export type Surface = "trpc" | "rest" | "jframework" | "biznoq" | "blenddoit" | "pay" | "root";

/** Most specific first: the JFramework routes live under the native REST prefix. */
const prefixes: [prefix: string, surface: Surface][] = [
  ["/trpc/", "trpc"],
  ["/api/v1/licenses/purchase/", "jframework"],
  ["/api/v1/", "rest"],
  ["/api/purchase/", "biznoq"],
  ["/api/plans/", "biznoq"],
  ["/pay/", "pay"],
];
const exact: Record<string, Surface> = {
  "/trpc": "trpc",
  "/api/v1": "rest",
  "/api/v1/licenses/check": "jframework",
  "/api/verify-license.php": "blenddoit",
  "/api/purchase": "biznoq",
};

export function surfaceOf(url: string): Surface {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  const named = exact[path];
  if (named) return named;
  for (const [prefix, surface] of prefixes) if (path.startsWith(prefix)) return surface;
  return "root";
}
