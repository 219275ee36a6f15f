// Drives the calls of issue 17's acceptance check through Stoplight Prism, which validates every
// request and answer against the served /openapi.json, and prints any violation.
//
//   pnpm start                                   # a fresh server on :3000 (PGlite, demo data)
//   curl -s localhost:3000/openapi.json > /tmp/keyway.json
//   npx -y @stoplight/prism-cli@5.14.2 proxy /tmp/keyway.json http://localhost:3000/api/v1 --errors -p 4010 &
//   npx -y @stoplight/prism-cli@5.14.2 proxy /tmp/keyway.json http://localhost:3000 --errors -p 4011 &
//   node apps/api/scripts/prism-check.mjs        # "N calls, 0 with violations, 0 5xx"
//
// (5.14.2: later Prism releases need Node 24.) Two proxies, as Prism forwards `upstream + path`:
// the native API and JFramework live under /api/v1, Biznoq and Blenddoit at the root. A 422
// is Prism refusing a request the document forbids (the malformed cases), before the server.
const V1 = "http://127.0.0.1:4010",
  ROOT = "http://127.0.0.1:4011";
const biz = {
  "x-api-key": "biz_a5d3a2bbd99f4f6bbb46acbfd236be3b",
  "x-api-secret": "sec_default_secret_biznoq_2026_key_string",
};
const bearer = { authorization: `Bearer ${biz["x-api-secret"]}` };
const jf = { "Brand-URL": "YOUR_BRAND_URL", "Auth-Key": "YOUR_AUTH_KEY" };
const results = [];
async function call(name, base, path, init = {}) {
  const headers = {
    ...(init.body && !init.form ? { "content-type": "application/json" } : {}),
    ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    ...(init.headers ?? {}),
  };
  const res = await fetch(base + path, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers,
    body: init.body === undefined ? undefined : init.form ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  const violations = res.headers.get("sl-violations");
  results.push({ name, status: res.status, violations });
  if (violations) console.log("VIOLATION", name, res.status, violations.slice(0, 600));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
// Seeds
const p = await call("biznoq purchase (seed)", ROOT, "/api/purchase", {
  body: { addonId: 1, serialNo: "B-12345678", buyerPhone: "9460439200" },
  headers: biz,
});
await call("biznoq subscribe (seed)", ROOT, "/api/plans/subscribe", {
  body: { planId: 2, serialNo: "B-12345678", buyerPhone: "9460439200", billingCycle: "yearly" },
  headers: biz,
});
await call("biznoq status (seed)", ROOT, `/api/purchase/status/${p.licenseKey}`, { headers: biz });
await call("biznoq status unknown", ROOT, `/api/purchase/status/ZZ-ZZZZ-ZZZZ-ZZZZ`, { headers: biz });
await call("biznoq purchase bad", ROOT, "/api/purchase", { body: { addonId: 1 }, headers: biz });
await call("biznoq purchase no auth", ROOT, "/api/purchase", {
  body: { addonId: 1, serialNo: "B-1", buyerPhone: "9460439200" },
});
await call("jframework checkout (seed)", V1, "/licenses/purchase/checkout-link", {
  body: {
    packageId: "Plakdiooh209sz",
    subscriptionTypeId: "Plakdiooh209sz",
    startDate: "2025-01-01",
    endDate: "2025-02-01",
    testMode: true,
    quantity: 1,
  },
  headers: jf,
});
await call("jframework check", V1, "/licenses/check?licenseCode=NOPE", { headers: jf });
await call("blenddoit (seed)", ROOT, "/api/verify-license.php", {
  form: true,
  body: "software_id=1&license_key=ABCDEF1234567890&domain=example.com",
});
await call("blenddoit unknown", ROOT, "/api/verify-license.php", {
  form: true,
  body: "software_id=1&license_key=NOPE123&domain=example.com",
});
await call("blenddoit missing", ROOT, "/api/verify-license.php", { form: true, body: "software_id=1" });
// Native validation errors
const lic = await call("list licenses bearer", V1, "/licenses?limit=5", { headers: bearer });
await call("list licenses keypair", V1, "/licenses?limit=5", { headers: biz });
const one = lic.items[0];
await call("read license bearer", V1, `/licenses/${one.id}`, { headers: bearer });
await call("read license keypair", V1, `/licenses/${one.id}`, { headers: biz });
await call("read license unknown", V1, `/licenses/lic_00000000000000000000`, { headers: bearer });
await call("validate unknown", V1, "/licenses/validate", {
  body: { key: "ZZZZ-ZZZZ-ZZZZ-ZZZZ", domain: "example.com" },
});
await call("validate malformed", V1, "/licenses/validate", { body: { key: 5 } });
const products = await call("list products", V1, "/products", { headers: bearer });
await call("list plans", V1, "/plans", { headers: bearer });
const sw = (products.items ?? products).find((x) => x.kind === "software");
await call("read product", V1, `/products/${sw.id}`, { headers: bearer });
const made = await call("create license by hand", V1, "/licenses", {
  body: { productId: sw.id },
  headers: bearer,
});
await call("validate ok (binds)", V1, "/licenses/validate", {
  body: { key: made.key, domain: "one.example.com" },
});
await call("validate mismatch", V1, "/licenses/validate", {
  body: { key: made.key, domain: "two.example.com" },
});
await call("suspend", V1, `/licenses/${made.id}/suspend`, { method: "POST", headers: bearer });
await call("validate suspended", V1, "/licenses/validate", {
  body: { key: made.key, domain: "one.example.com" },
});
await call("reinstate", V1, `/licenses/${made.id}/reinstate`, { method: "POST", headers: bearer });
await call("expire", V1, `/licenses/${made.id}`, {
  method: "PATCH",
  body: { expiresAt: "2020-01-01T00:00:00.000Z" },
  headers: bearer,
});
await call("validate expired", V1, "/licenses/validate", {
  body: { key: made.key, domain: "one.example.com" },
});
// Orders
const ord = await call("create order", V1, "/orders", {
  body: {
    item: { kind: "addon", productNumber: 1, serialNo: "B-12345678" },
    customer: { phone: "9460439200" },
    testMode: true,
  },
  headers: bearer,
});
await call("list orders", V1, "/orders?limit=3", { headers: bearer });
await call("read order", V1, `/orders/${ord.orderId}`, { headers: biz });
await call("refund unpaid order", V1, `/orders/${ord.orderId}/refund`, { body: {}, headers: bearer });
// Webhooks
const ep = await call("create endpoint", V1, "/webhook-endpoints", {
  body: { url: "https://hooks.example.com/keyway" },
  headers: bearer,
});
await call("list endpoints", V1, "/webhook-endpoints", { headers: bearer });
await call("test endpoint", V1, `/webhook-endpoints/${ep.id}/test`, { method: "POST", headers: bearer });
await call("list deliveries", V1, "/webhook-deliveries?limit=5", { headers: biz });
await call("customers", V1, "/customers?limit=5", { headers: bearer });
console.log(
  `${results.length} calls, ${results.filter((r) => r.violations).length} with violations, ${results.filter((r) => r.status >= 500).length} 5xx`,
);
for (const r of results) console.log(r.status, r.name, r.violations ? "VIOLATION" : "");
if (results.some((r) => r.violations || r.status >= 500)) process.exitCode = 1;
