import { expect } from "vitest";

/** A vendor's REST calls as a test makes them: status and JSON body, and lists walked by cursor. */

export type Headers = Record<string, string>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function restClient(baseUrl: string) {
  async function rest<T = Record<string, unknown>>(
    headers: Headers,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  /** Every item of a list, page by page through `nextCursor`, and how many pages it took. */
  async function walk<T extends { id: string }>(headers: Headers, path: string, limit: number) {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const joiner = path.includes("?") ? "&" : "?";
      const query: string = `${joiner}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page: { status: number; body: Page<T> } = await rest<Page<T>>(headers, "GET", `${path}${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    return { ids: items.map((i) => i.id), pages };
  }

  return { rest, walk };
}
