import { DEMO } from "@keyway/db/seed";
import postgres from "postgres";
import { benchDomain, benchKey } from "./dataset";

/** The demo vendor's Biznoq credential (seed 000's example headers). */
export const demoCredential = { "x-api-key": DEMO.biznoq.key, "x-api-secret": DEMO.biznoq.secret };

/** One request shape for `load`: a route and a body built from a random bench license. */
export interface RequestShape {
  method: "POST";
  path: string;
  headers: Record<string, string>;
  body: () => string;
}

/** Native `POST /api/v1/licenses/validate` of license `pick()`, on its own domain. */
export function validateRequest(pick: () => number, path = "/api/v1/licenses/validate"): RequestShape {
  return {
    method: "POST",
    path,
    headers: { "content-type": "application/json" },
    body: () => {
      const i = pick();
      return JSON.stringify({ key: benchKey(i), domain: benchDomain(i) });
    },
  };
}

/** Blenddoit `POST /api/verify-license.php` (seed 002) of license `pick()`. */
export function blenddoitRequest(pick: () => number): RequestShape {
  return {
    method: "POST",
    path: "/api/verify-license.php",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: () => {
      const i = pick();
      return `software_id=1&license_key=${benchKey(i)}&domain=${benchDomain(i)}`;
    },
  };
}

/** Biznoq `POST /api/purchase` (seed 000) of add-on 1, a new serial number each time. */
export const purchaseRequest: RequestShape = {
  method: "POST",
  path: "/api/purchase",
  headers: { "content-type": "application/json", ...demoCredential },
  body: () =>
    JSON.stringify({
      addonId: 1,
      serialNo: `B-${10_000_000 + Math.floor(Math.random() * 89_999_999)}`,
      buyerPhone: "9460439200",
    }),
};

/** Runs `fn` on a one-connection client of `url`, closed afterwards. */
export async function withSql<T>(url: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** A new, empty database beside `adminUrl`'s; `drop()` removes it. */
export async function createScratchDatabase(adminUrl: string, prefix: string) {
  const name = `${prefix}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
