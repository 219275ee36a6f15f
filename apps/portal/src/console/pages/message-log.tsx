import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDate } from "../format";
import { useTRPC } from "../trpc";
import { Card, Empty } from "../ui";

type Status = "pending" | "sent" | "failed";

const STATUS_WORDS: Record<Status, string> = { sent: "sent", pending: "trying", failed: "failed" };
const STATUS_CLASS: Record<Status, string> = { sent: "succeeded", pending: "pending", failed: "failed" };

/**
 * The messages sent to customers (of one customer, one license, or all of them): what, when, to
 * which address (masked), and whether it went, is still being tried or failed — and why.
 */
export function MessageLog({
  customerId,
  licenseId,
  status,
  title = "Messages",
}: {
  customerId?: string;
  licenseId?: string;
  status?: Status;
  title?: string;
}) {
  const trpc = useTRPC();
  const messages = useInfiniteQuery(
    trpc.message.list.infiniteQueryOptions(
      { customerId, licenseId, status, limit: 20 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = messages.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={title}>
      {items.length ? (
        <table className="kc-table" data-testid="message-log">
          <thead>
            <tr>
              <th>Message</th>
              <th>When</th>
              <th>To</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td data-label="Message">
                  {m.subject}
                  <br />
                  <small className="kc-muted">{m.kind}</small>
                </td>
                <td data-label="When">{formatDate(m.sentAt ?? m.createdAt)}</td>
                <td data-label="To">
                  {m.maskedDestination}{" "}
                  <small className="kc-muted">{m.channel === "sms" ? "SMS" : "email"}</small>
                </td>
                <td data-label="Status">
                  <span className={`kc-badge kc-badge-${STATUS_CLASS[m.status]}`}>
                    {STATUS_WORDS[m.status]}
                  </span>
                  {m.lastError && m.status !== "sent" ? (
                    <>
                      <br />
                      <small className="kc-muted">
                        {m.status === "failed" ? "Gave up" : `Attempt ${m.attempts}`}: {m.lastError}
                      </small>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <Empty>{messages.isPending ? "Loading…" : "No messages yet."}</Empty>
      )}
      {messages.hasNextPage ? (
        <div className="kc-actions">
          <button
            type="button"
            className="kc-secondary"
            disabled={messages.isFetchingNextPage}
            onClick={() => messages.fetchNextPage()}
          >
            More messages
          </button>
        </div>
      ) : null}
    </Card>
  );
}
