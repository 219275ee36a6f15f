import { BiznoqPurchaseBody, BiznoqSubscribeBody, JFrameworkCheckoutBody } from "@keyway/schema";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { biznoqDialect } from "../src/dialects/biznoq/plugin";
import { jframeworkDialect } from "../src/dialects/jframework/plugin";
import { demoHeaders, startTestServer, type TestServer } from "../src/testing";
import {
  customerProcedure,
  ownerOrCredentialProcedure,
  vendorOwnerProcedure,
  vendorProcedure,
  vendorUserProcedure,
} from "../src/trpc/procedures";
import { appRouter } from "../src/trpc/router";
import { callRoute, callTrpc } from "./auth-matrix/http";
import { freshUniques, type JsonSchema, sampleInput } from "./auth-matrix/inputs";
import { type AuthKind, runAuthMatrix, runOwnerControl, type Target } from "./auth-matrix/matrix";
import {
  type CallingVendor,
  type OwnerVendor,
  rowsOfVendor,
  setUpCallingVendor,
  setUpOwnerVendor,
} from "./auth-matrix/vendors";

/**
 * Every REST route and every tRPC procedure that needs a credential, through one matrix
 * (./auth-matrix/matrix.ts). Targets are enumerated, not listed: tRPC procedures from the
 * router (what guards each one is read from its middleware), native REST from /openapi.json;
 * inputs are built from each input schema. Only the dialects' routes are a table, and a test
 * below fails when a dialect registers a route the table lacks.
 */

/** Procedures anyone may call: the license key, order token or sign-in form is the credential. */
const PUBLIC_PROCEDURES = [
  "health.get",
  "account.signUp",
  "account.signIn",
  "account.session",
  "license.validate",
  "license.activate",
  "license.deactivate",
  "license.heartbeat",
  "license.activateOffline",
  "license.releaseOffline",
  "license.getSigningKey",
  "signingKey.list",
  "checkout.createOrder",
  "checkout.getOrder",
  "checkout.getRenewalOptions",
  "storefront.listVendors",
  "storefront.get",
  "customer.requestCode",
  "customer.verifyCode",
  "customer.me",
];

/**
 * REST operations without `security`: the public procedures above, Blenddoit (seed 002), product
 * pictures and the unsubscribe link of a reminder (its sealed token is the credential).
 */
const PUBLIC_OPERATIONS = [
  "GET /health",
  "POST /licenses/validate",
  "POST /licenses/activate",
  "POST /licenses/deactivate",
  "POST /licenses/heartbeat",
  "POST /licenses/offline/activate",
  "POST /licenses/offline/release",
  "GET /vendors/{vendorSlug}/signing-key",
  "GET /vendors/{vendorSlug}/signing-keys",
  "POST /api/verify-license.php",
  "GET /images/products/{productId}/{sha256}",
  "GET /unsubscribe",
  "POST /unsubscribe",
];

/** B's good call that names none of A's rows and, by design, is not a 2xx. */
const EXPECTED: Record<string, number> = {
  // The matrix does not know B's password: a wrong current password is refused.
  "trpc account.changePassword": 401,
};

/** The dialects' routes (seed 000: Biznoq; seed 001: JFramework), with their input schemas. */
const DIALECT_ROUTES: { auth: AuthKind; method: string; path: string; schema: z.ZodType }[] = [
  { auth: "biznoq", method: "POST", path: "/api/purchase", schema: BiznoqPurchaseBody },
  { auth: "biznoq", method: "POST", path: "/api/plans/subscribe", schema: BiznoqSubscribeBody },
  {
    auth: "biznoq",
    method: "GET",
    path: "/api/purchase/status/{licenseKey}",
    schema: z.object({ licenseKey: z.string().min(1) }),
  },
  {
    auth: "jframework",
    method: "POST",
    path: "/api/v1/licenses/purchase/checkout-link",
    schema: JFrameworkCheckoutBody,
  },
  {
    auth: "jframework",
    method: "GET",
    path: "/api/v1/licenses/check",
    schema: z.object({ licenseCode: z.string().min(1) }),
  },
];

interface ProcedureDef {
  _def: {
    type: "query" | "mutation" | "subscription";
    inputs: z.ZodType[];
    middlewares: unknown[];
    meta?: { openapi?: { method: string; path: string } };
  };
}
const procedures = appRouter._def.procedures as unknown as Record<string, ProcedureDef>;

/** What guards a procedure, read from its middleware chain (the most specific guard wins). */
function authOf(procedure: ProcedureDef): AuthKind | "public" {
  const guard = (built: unknown) => (built as ProcedureDef)._def.middlewares.at(-1);
  const has = (built: unknown) => procedure._def.middlewares.includes(guard(built));
  if (has(vendorOwnerProcedure)) return "owner";
  if (has(vendorUserProcedure)) return "console";
  if (has(ownerOrCredentialProcedure)) return "ownerOrCredential";
  if (has(customerProcedure)) return "customer";
  if (has(vendorProcedure)) return "vendor";
  return "public";
}

const jsonSchemaOf = (schema: z.ZodType | undefined) =>
  schema ? (z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema) : undefined;

let server: TestServer;
let a: OwnerVendor;
let b: CallingVendor;
let openapi: { paths: Record<string, Record<string, OpenApiOperation>> };
interface OpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT: "off" });
  a = await setUpOwnerVendor(server);
  b = await setUpCallingVendor(server);
  openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as typeof openapi;
});
afterAll(async () => {
  await server?.close();
});

function trpcTargets(): Target[] {
  return Object.entries(procedures).flatMap(([path, procedure]): Target[] => {
    const auth = authOf(procedure);
    if (auth === "public") return [];
    if (procedure._def.inputs.length > 1) throw new Error(`${path}: more than one .input()`);
    const schema = procedure._def.inputs[0];
    const sample = sampleInput(jsonSchemaOf(schema), a.ids, { resource: path.split(".")[0] ?? "" });
    if (schema && !schema.safeParse(sample.value).success) {
      throw new Error(
        `${path}: the input built from its schema does not parse: ${JSON.stringify(sample.value)}`,
      );
    }
    const kind = procedure._def.type === "query" ? "query" : "mutation";
    const name = `trpc ${path}`;
    return [
      {
        name,
        auth,
        query: kind === "query",
        sample,
        send: (headers) => callTrpc(server.url, kind, path, freshUniques(sample.value), headers),
        ...(EXPECTED[name] ? { expected: EXPECTED[name] } : {}),
      },
    ];
  });
}

function operations(): { method: string; path: string; op: OpenApiOperation }[] {
  return Object.entries(openapi.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

/** What guards a REST operation: the procedure behind it (`METHOD /path` from its openapi meta). */
const restAuth = new Map(
  Object.values(procedures).flatMap((procedure) => {
    const openapi = procedure._def.meta?.openapi;
    return openapi ? [[`${openapi.method} ${openapi.path}`, authOf(procedure)] as const] : [];
  }),
);

function restTargets(): Target[] {
  return (
    operations()
      // Native operations only (a procedure behind each): the dialects' own routes, with their
      // own servers and auth, are matched below against what the dialects serve.
      .filter(({ method, path, op }) => op.security?.length && restAuth.has(`${method} ${path}`))
      .map(({ method, path, op }) => {
        const params = op.parameters ?? [];
        const body = op.requestBody?.content["application/json"]?.schema;
        const schema: JsonSchema = {
          type: "object",
          properties: { ...body?.properties, ...Object.fromEntries(params.map((p) => [p.name, p.schema])) },
          required: [...(body?.required ?? []), ...params.filter((p) => p.required).map((p) => p.name)],
        };
        const resource = path.split("/")[1] ?? "";
        const sample = sampleInput(schema, a.ids, { resource, root: openapi });
        const input = sample.value as Record<string, unknown>;
        const auth = restAuth.get(`${method} ${path}`) ?? "vendor";
        if (auth !== "vendor" && auth !== "ownerOrCredential")
          throw new Error(`${method} ${path}: ${auth} on REST`);
        return {
          name: `${method} /api/v1${path}`,
          auth,
          query: method === "GET",
          sample,
          send: (headers) =>
            callRoute(server.url, method, `/api/v1${path}`, freshUniques(input) as typeof input, headers),
        };
      })
  );
}

function dialectTargets(): Target[] {
  return DIALECT_ROUTES.map((route) => {
    const sample = sampleInput(jsonSchemaOf(route.schema), a.ids, {
      resource: route.path.split("/")[2] ?? "",
    });
    if (!route.schema.safeParse(sample.value).success) throw new Error(`${route.path}: no valid input`);
    const input = sample.value as Record<string, unknown>;
    return {
      name: `${route.method} ${route.path}`,
      auth: route.auth,
      query: route.method === "GET",
      sample,
      send: (headers) => callRoute(server.url, route.method, route.path, input, headers),
    };
  });
}

/** Runs the matrix on `targets`; vendor A's rows are then as they were. */
async function expectRefused(targets: Target[]) {
  const before = await rowsOfVendor(server.testDb.db, a.vendorId);
  expect(await runAuthMatrix(targets, a, b)).toEqual([]);
  expect(await rowsOfVendor(server.testDb.db, a.vendorId)).toEqual(before);
}

describe("who may call what", () => {
  it("guards every procedure but the listed public ones", () => {
    const open = Object.entries(procedures)
      .filter(([, p]) => authOf(p) === "public")
      .map(([path]) => path);
    expect(open.sort()).toEqual([...PUBLIC_PROCEDURES].sort());
  });

  it("declares security on every REST operation but the listed public ones", () => {
    const open = operations()
      .filter(({ op }) => !op.security?.length)
      .map(({ method, path }) => `${method} ${path}`);
    expect(open.sort()).toEqual([...PUBLIC_OPERATIONS].sort());
  });

  it("lists every route the dialects serve", async () => {
    const served: string[] = [];
    const probe = Fastify();
    probe.addHook("onRoute", (route) => {
      for (const method of [route.method].flat()) {
        if (method !== "HEAD") served.push(`${method} ${route.url.replace("*", "{licenseKey}")}`);
      }
    });
    await probe.register(biznoqDialect, server.deps);
    await probe.register(jframeworkDialect, server.deps);
    await probe.ready();
    await probe.close();
    expect(served.sort()).toEqual(DIALECT_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });
});

describe("the auth matrix", () => {
  it("refuses, over /trpc, every guarded procedure to the wrong caller and shows none of vendor A", async () => {
    const targets = trpcTargets();
    expect(targets.length).toBe(Object.keys(procedures).length - PUBLIC_PROCEDURES.length);
    await expectRefused(targets);
  });

  it("does the same on every native REST operation that declares security", async () => {
    const targets = restTargets();
    expect(targets.length).toBeGreaterThan(20);
    await expectRefused(targets);
  });

  it("does the same on the Biznoq and JFramework routes", async () => {
    await expectRefused(dialectTargets());
  });

  it("lets vendor A itself read, through the same inputs, what B was refused", async () => {
    const own = async (auth: AuthKind) =>
      auth === "vendor" || auth === "ownerOrCredential"
        ? a.bearer
        : auth === "customer"
          ? a.customerSession()
          : auth === "biznoq"
            ? demoHeaders.biznoq
            : auth === "jframework"
              ? demoHeaders.jframework
              : a.ownerSession();
    const targets = [...trpcTargets(), ...restTargets(), ...dialectTargets()];
    expect(await runOwnerControl(targets, own)).toEqual([]);
  });
});
