import { describe, expect, it } from "vitest";
import { claimDueDeliveries } from "../../src/webhooks/claim-due-deliveries";
import { getWebhookDelivery } from "../../src/webhooks/list-webhook-deliveries";
import { getWebhookEndpoint } from "../../src/webhooks/list-webhook-endpoints";
import { type SettleItem, settleDeliveries } from "../../src/webhooks/settle-deliveries";
import { createEndpoint, fakeClock } from "./helpers";
import { useWorkerTestbed } from "./worker-testbed";

const bed = useWorkerTestbed();

describe(`settling webhook deliveries (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  it("one settle statement for a batch: rows keep their lease check, attempts are logged, counters replay in order", async () => {
    const { licenseEvent, receiver, t, vendorId } = bed;
    const endpoint = await createEndpoint(t.db, vendorId, receiver.url);
    const clock = fakeClock();
    let batches = 0;
    const claimBatch = async (n: number) => {
      // Licenses of their own: a retrying row holds back later events of its license.
      batches++;
      for (let i = 0; i < n; i++) await licenseEvent(`lic_batch_${batches}_${i}`, i, clock.now());
      const claimed = await claimDueDeliveries(t.db, { now: clock.now(), limit: n, leaseMs: 60_000 });
      expect(claimed).toHaveLength(n);
      return claimed.sort((a, b) => a.id.localeCompare(b.id));
    };
    const outcome = (
      c: Awaited<ReturnType<typeof claimBatch>>[number],
      ok: boolean,
      lease = c.lease,
    ): SettleItem => ({
      id: c.id,
      vendorId,
      lease,
      status: ok ? "succeeded" : "pending",
      attempt: c.attempt,
      statusCode: ok ? 200 : 500,
      durationMs: 3,
      snippet: ok ? "ok" : "boom",
      error: ok ? null : "HTTP 500",
      at: clock.now(),
      nextAttemptAt: ok ? null : new Date(clock.now().getTime() + 3_600_000),
    });
    const counters = async () => {
      const e = await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id });
      return { failures: e.consecutiveFailures, flagged: e.flaggedAt !== null };
    };

    // fail, ok, fail, fail: two failures since the last success, flagged at two.
    let [a, b, c, d] = await claimBatch(4);
    if (!a || !b || !c || !d) throw new Error("claim");
    await settleDeliveries(
      t.db,
      [outcome(a, false), outcome(b, true), outcome(c, false), outcome(d, false)],
      2,
    );
    expect(await counters()).toEqual({ failures: 2, flagged: true });
    expect((await getWebhookDelivery(t.db, { vendorId, id: b.id })).status).toBe("succeeded");
    const retrying = await getWebhookDelivery(t.db, { vendorId, id: a.id });
    expect(retrying.status).toBe("pending");
    expect(retrying.attemptLog.map((x) => x.responseSnippet)).toEqual(["boom"]);

    // Failures only: added to the count, the flag kept. A row whose lease is gone is not
    // settled and does not count, but its attempt is logged.
    clock.advance(60_000);
    [a, b, c, d] = await claimBatch(2);
    if (!a || !b) throw new Error("claim");
    const flaggedAt = (await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id })).flaggedAt;
    await settleDeliveries(t.db, [outcome(a, false), outcome(b, true, new Date(0))], 2);
    expect(await counters()).toEqual({ failures: 3, flagged: true });
    expect((await getWebhookEndpoint(t.db, { vendorId, id: endpoint.id })).flaggedAt).toEqual(flaggedAt);
    const leaseLost = await getWebhookDelivery(t.db, { vendorId, id: b.id });
    expect(leaseLost.status).toBe("pending");
    expect(leaseLost.attemptLog).toHaveLength(1);

    // A success last: cleared.
    clock.advance(60_000);
    [a] = await claimBatch(1);
    if (!a) throw new Error("claim");
    await settleDeliveries(t.db, [outcome(a, true)], 2);
    expect(await counters()).toEqual({ failures: 0, flagged: false });
  });
});
