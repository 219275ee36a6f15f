/** How the matrix reaches a route: over real HTTP, as a client would, reading the status and the raw body. */

export interface Answer {
  status: number;
  text: string;
}

export type Headers = Record<string, string>;

/** A tRPC procedure as the portal calls it (GET for queries, a POST body for mutations). */
export async function callTrpc(
  baseUrl: string,
  kind: "query" | "mutation",
  path: string,
  input: unknown,
  headers: Headers,
): Promise<Answer> {
  const query = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const res =
    kind === "query"
      ? await fetch(`${baseUrl}/trpc/${path}${query}`, { headers })
      : // A mutation without input goes as the tRPC client sends it: a batch of one, no input.
        await fetch(`${baseUrl}/trpc/${path}${input === undefined ? "?batch=1" : ""}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: JSON.stringify(input ?? {}),
        });
  return { status: res.status, text: await res.text() };
}

/**
 * An HTTP route given as an OpenAPI-style template (`/licenses/{licenseId}`): path parameters
 * come out of `input`, the rest goes in the query (GET, DELETE) or as a JSON body (`{}` at least).
 */
export async function callRoute(
  baseUrl: string,
  method: string,
  template: string,
  input: Record<string, unknown> | undefined,
  headers: Headers,
): Promise<Answer> {
  const rest: Record<string, unknown> = { ...input };
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    delete rest[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  const inQuery = method === "GET" || method === "DELETE";
  const search = new URLSearchParams(
    Object.entries(rest).map(([k, v]): [string, string] => [
      k,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  ).toString();
  const hasBody = !inQuery;
  const res = await fetch(`${baseUrl}${path}${inQuery && search ? `?${search}` : ""}`, {
    method,
    headers: hasBody ? { ...headers, "content-type": "application/json" } : headers,
    ...(hasBody ? { body: JSON.stringify(rest) } : {}),
  });
  return { status: res.status, text: await res.text() };
}
