import type { LicenseSeat } from "@keyway/schema";
import { useQuery } from "@tanstack/react-query";
import { formatDate } from "../format";
import { ConfirmButton } from "../inline-dialogs";
import { useTRPC } from "../trpc";
import { Card, Empty, ErrorNote, StatusBadge } from "../ui";

/**
 * A license's seats on its console page: live ones with their last heartbeat and, for floating
 * products, when they die without one; then the recent dead (missed their heartbeat window) and
 * released ones. Live seats can be released.
 */
export function LicenseSeats({
  licenseId,
  onRelease,
}: {
  licenseId: string;
  onRelease: (activationId: string) => void;
}) {
  const trpc = useTRPC();
  const seats = useQuery(trpc.license.listSeats.queryOptions({ licenseId }));
  const list = seats.data;
  const floating = list?.seatMode === "floating";
  const title = floating ? `Seats · floating, heartbeat every ${list?.heartbeatSeconds ?? "?"} s` : "Seats";
  return (
    <Card title={title}>
      <ErrorNote error={seats.error} />
      {list?.seats.length ? (
        <table className="kc-table" data-testid="license-seats">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Value</th>
              <th>State</th>
              <th>Activated</th>
              <th>Last heartbeat</th>
              {floating ? <th>Dies at</th> : null}
              <th>Last verified</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.seats.map((s) => (
              <SeatRow key={s.id} seat={s} floating={floating} onRelease={onRelease} />
            ))}
          </tbody>
        </table>
      ) : seats.isLoading ? (
        <p className="kc-loading">Loading…</p>
      ) : (
        <Empty>Not bound yet: the first verification binds it.</Empty>
      )}
    </Card>
  );
}

function SeatRow({
  seat: s,
  floating,
  onRelease,
}: {
  seat: LicenseSeat;
  floating: boolean;
  onRelease: (activationId: string) => void;
}) {
  const name = s.label ?? s.value;
  return (
    <tr data-testid={`seat-${s.state}`}>
      <td>{s.kind}</td>
      <td>{name}</td>
      <td>
        <StatusBadge status={s.state} />
        {s.state === "dead" && s.deadAt ? (
          <small className="kc-muted"> since {formatDate(s.deadAt)}</small>
        ) : null}
      </td>
      <td>{formatDate(s.activatedAt)}</td>
      <td>{s.heartbeatAt ? formatDate(s.heartbeatAt) : "none yet"}</td>
      {floating ? <td>{formatDate(s.deadlineAt)}</td> : null}
      <td>{formatDate(s.lastVerifiedAt)}</td>
      <td>
        {s.state === "live" ? (
          <ConfirmButton
            label="Release seat"
            message={`Release ${name}? The seat frees up for another device or site.`}
            className="kc-secondary"
            onConfirm={() => onRelease(s.id)}
          />
        ) : null}
      </td>
    </tr>
  );
}
