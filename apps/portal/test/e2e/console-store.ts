import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * A new store's first sales, as the console and the storefront make them: a software product with
 * a monthly and a yearly price (typed in the console's catalog), subscriptions bought from the
 * storefront and paid on the sandbox's pay page, licenses made by hand through the console's API.
 */

const field = (page: Page, form: string, name: string) =>
  page.locator(`form[aria-label="${form}"] [name="${name}"]`);

/** Creates software `product` and its plan `plan` (₹`monthly` a month, ₹`yearly` a year) in the console's catalog. */
export async function stockPlan(
  page: Page,
  names: { product: string; plan: string },
  prices: { monthly: string; yearly: string },
) {
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Catalog" }).click();
  await page.getByRole("heading", { level: 1, name: "Catalog" }).waitFor();
  await field(page, "New product", "kind").selectOption("software");
  await field(page, "New product", "name").fill(names.product);
  await field(page, "New product", "durationValue").fill("");
  await page.getByRole("button", { name: "Create product" }).click();
  await page.getByRole("cell", { name: names.product, exact: true }).waitFor();
  await field(page, "New plan", "planName").fill(names.plan);
  await field(page, "New plan", "monthly").fill(prices.monthly);
  await field(page, "New plan", "yearly").fill(prices.yearly);
  await page.getByRole("button", { name: "Create plan" }).click();
  await page.getByRole("row").filter({ hasText: names.plan }).waitFor();
}

/** The store's plan as the storefront sells it: its number and its price per cycle. */
export async function storefrontPlan(origin: string, storeAddress: string, planName: string) {
  const res = await fetch(
    `${origin}/trpc/storefront.get?input=${encodeURIComponent(JSON.stringify({ vendorSlug: storeAddress }))}`,
  );
  const { products } = (
    (await res.json()) as {
      result: {
        data: {
          products: {
            plans: { name: string; number: number; prices: { billingCycle: string; amount: number }[] }[];
          }[];
        };
      };
    }
  ).result.data;
  const plan = products.flatMap((p) => p.plans).find((p) => p.name === planName);
  if (!plan) throw new Error(`the storefront sells no ${planName}`);
  const price = (cycle: string) => plan.prices.find((p) => p.billingCycle === cycle)?.amount ?? 0;
  return { number: plan.number, monthly: price("monthly"), yearly: price("yearly") };
}

/** Opens an order as the storefront does and pays it on the sandbox's pay page (a form post). */
export async function buyAndPay(
  origin: string,
  storeAddress: string,
  item: Record<string, unknown>,
  customer: { email?: string; phone?: string },
) {
  const res = await fetch(`${origin}/trpc/checkout.createOrder`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ vendorSlug: storeAddress, item, customer }),
  });
  const body = (await res.json()) as {
    result?: { data: { orderId: string; reference: string; paymentUrl: string; amount: number } };
    error?: unknown;
  };
  if (!body.result) throw new Error(`checkout.createOrder: ${JSON.stringify(body.error)}`);
  const paid = await fetch(body.result.data.paymentUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "action=pay",
    redirect: "manual",
  });
  expect(paid.status).toBe(303);
  return body.result.data;
}
