import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One order as UPI Gateway keeps it (the `data` of `check_order_status`). */
export interface FakeUpiOrder {
  id: number;
  client_txn_id: string;
  amount: string;
  p_info: string;
  customer_name: string;
  customer_email: string;
  customer_mobile: string;
  redirect_url: string;
  udf1: string;
  udf2: string;
  udf3: string;
  status: "created" | "scanning" | "success" | "failure" | "closed";
  upi_txn_id: string;
  customer_vpa: string;
  remark: string;
  txnAt: string | null;
  createdAt: string;
  /** The `txn_date` the order was created on (DD-MM-YYYY, India). */
  txn_date: string;
}

/**
 * A local UPI Gateway speaking its documented shapes (GATEWAYS.md): `POST /api/create_order`
 * and `POST /api/check_order_status`, JSON in and out, `key` checked. `settle` plays the payer.
 */
export async function startFakeUpiGateway(
  key: string,
  /** Where this merchant's `order_id`s start: UPI Gateway numbers orders across all merchants. */
  options: { firstOrderId?: number } = {},
) {
  const orders = new Map<string, FakeUpiOrder>();
  const requests: { path: string; body: Record<string, unknown> }[] = [];
  let nextId = options.firstOrderId ?? 1000;
  /** `refuseCreate`: the `msg` create_order answers with `status: false` (e.g. an inactive merchant). */
  const knobs: { refuseCreate: string | null } = { refuseCreate: null };
  let url = "";

  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req);
    requests.push({ path: req.url ?? "", body });
    const send = (json: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    if (req.method !== "POST") return send({ status: false, msg: "Method not allowed" });
    if (body.key !== key) return send({ status: false, msg: "Invalid Key" });
    if (req.url === "/api/create_order") {
      if (knobs.refuseCreate) return send({ status: false, msg: knobs.refuseCreate });
      const ref = String(body.client_txn_id ?? "");
      if (!ref || orders.has(ref)) return send({ status: false, msg: "Duplicate or missing client_txn_id" });
      if (!/^\d+(\.\d{1,2})?$/.test(String(body.amount ?? "")))
        return send({ status: false, msg: "Invalid amount" });
      const order: FakeUpiOrder = {
        id: nextId++,
        client_txn_id: ref,
        amount: String(body.amount),
        p_info: String(body.p_info ?? ""),
        customer_name: String(body.customer_name ?? ""),
        customer_email: String(body.customer_email ?? ""),
        customer_mobile: String(body.customer_mobile ?? ""),
        redirect_url: String(body.redirect_url ?? ""),
        udf1: String(body.udf1 ?? ""),
        udf2: String(body.udf2 ?? ""),
        udf3: String(body.udf3 ?? ""),
        status: "created",
        upi_txn_id: "",
        customer_vpa: "",
        remark: "",
        txnAt: null,
        createdAt: new Date().toISOString(),
        txn_date: indiaDate(new Date()),
      };
      orders.set(ref, order);
      const token = randomUUID();
      return send({
        status: true,
        msg: "Order Created",
        data: {
          order_id: order.id,
          payment_url: `${url}/order/checkout/${token}`,
          upi_id_hash: token.slice(0, 8),
          upi_intent: {
            bhim_link: "upi://pay",
            phonepe_link: "phonepe://pay",
            paytm_link: "paytmmp://pay",
            gpay_link: "tez://pay",
          },
        },
      });
    }
    if (req.url === "/api/check_order_status") {
      const order = orders.get(String(body.client_txn_id ?? ""));
      if (!order || order.txn_date !== body.txn_date) return send({ status: false, msg: "Record not found" });
      const { txn_date: _date, ...data } = order;
      return send({ status: true, msg: "Transaction found", data });
    }
    return send({ status: false, msg: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    orders,
    requests,
    knobs,
    /** The payer finishes: the order's status (and, to test tampering, the amount the provider saw). */
    settle(ref: string, status: FakeUpiOrder["status"], amount?: string) {
      const order = orders.get(ref);
      if (!order) throw new Error(`fake upigateway: no order ${ref}`);
      order.status = status;
      if (amount) order.amount = amount;
      if (status === "success") {
        order.upi_txn_id = `UPI${order.id}${Math.floor(Math.random() * 1e6)}`;
        order.customer_vpa = "payer@upi";
        order.txnAt = new Date().toISOString();
      }
      return order;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function indiaDate(date: Date): string {
  const [y, m, d] = new Date(date.getTime() + 330 * 60_000).toISOString().slice(0, 10).split("-");
  return `${d}-${m}-${y}`;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
