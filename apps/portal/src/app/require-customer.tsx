import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Navigate } from "react-router";
import { useTRPC } from "./trpc";
import { ErrorNotice, Loading } from "./ui";

/** Account pages: send a visitor who is not signed in to the sign-in page. */
export function RequireCustomer({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.customer.me.queryOptions());
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorNotice error={me.error} retry={() => void me.refetch()} />;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return <>{children}</>;
}
