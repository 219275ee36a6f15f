import { type CheckoutOrder, formatMoney, subscriptionRepeatText } from "@keyway/schema";

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const money = (amount: number, currency: string) => formatMoney(amount, currency, "en-IN");

/** The page's one inline style block (the CSP allows it by its hash: security-headers.ts). */
export const payPageStyle = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2433;--muted:#5b6475;--line:#dfe3ea;--accent:#2f5bea;--ok:#11774a;--bad:#b42318}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--ink)}
main{max-width:440px;margin:48px auto;padding:0 16px}.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:24px}
.badge{display:inline-block;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#8a5a00;background:#fff4d6;border-radius:999px;padding:2px 10px}
h1{font-size:20px;margin:12px 0 4px}.muted{color:var(--muted)}.amount{font-size:32px;font-weight:700;margin:16px 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:16px 0;font-size:14px}dt{color:var(--muted)}dd{margin:0;word-break:break-all}
.actions{display:grid;gap:10px;margin-top:20px}button{font:inherit;font-weight:600;border-radius:10px;padding:12px;border:1px solid var(--line);background:#fff;cursor:pointer}
button.pay{background:var(--accent);border-color:var(--accent);color:#fff}button.fail{color:var(--bad)}button:focus-visible{outline:3px solid #9db4ff;outline-offset:2px}
.note{font-size:13px;margin-top:16px}
`;

function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${payPageStyle}</style></head><body><main>${body}</main></body></html>`;
}

/** What the page says for a live order on the sandbox (one opened before the sandbox took test mode only). */
export const liveOrderText =
  "This is a live order, and the sandbox pays test-mode orders only: no payment can be taken here. The order is still pending.";

export const payPageHtml = {
  /** `settles`: whether the sandbox may settle this order (core's `sandboxMaySettle`). */
  page(order: CheckoutOrder, orderPage: string, settles: boolean): string {
    const form =
      order.status !== "pending"
        ? `<p>This order is <strong>${esc(order.status)}</strong>. <a href="${esc(orderPage)}">See the order</a>.</p>`
        : settles
          ? `<form method="post" class="actions">
<button class="pay" name="action" value="pay" type="submit">Pay ${esc(money(order.amount, order.currency))}</button>
<button class="fail" name="action" value="fail" type="submit">Simulate a failed payment</button>
<button name="action" value="cancel" type="submit">Cancel</button></form>`
          : `<p><strong>${esc(liveOrderText)}</strong></p>`;
    return shell(
      `Pay ${order.vendorName}`,
      `<div class="card"><span class="badge">${order.testMode ? "Test mode" : "Live order"}</span>
<h1>${esc(order.vendorName)}</h1><div class="muted">${esc(order.itemName)}${order.quantity > 1 ? ` × ${order.quantity}` : ""}</div>
<div class="amount" data-testid="amount">${esc(money(order.amount, order.currency))}</div>
${order.repeats ? `<p data-testid="repeats">${esc(subscriptionRepeatText(order.repeats, { locale: "en-IN" }))}</p>` : ""}
<dl><dt>Order</dt><dd>${esc(order.reference)}</dd><dt>Status</dt><dd data-testid="status">${esc(order.status)}</dd></dl>
${form}<p class="muted note">No money moves in the sandbox: it pays test-mode orders only. A real gateway takes live payments.</p></div>`,
    );
  },
  message(title: string, text: string): string {
    return shell(title, `<div class="card"><h1>${esc(title)}</h1><p class="muted">${esc(text)}</p></div>`);
  },
};
