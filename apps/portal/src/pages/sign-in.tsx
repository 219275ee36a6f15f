import { LoginCode, SignInDestination } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { retryAt } from "../app/errors";
import { setCsrfToken, useTRPC } from "../app/trpc";
import { ErrorNotice, Field, Loading, useTitle } from "../app/ui";

/** Sign in with a one-time code sent to an email or phone (no passwords for customers). */
export default function SignIn() {
  useTitle("Sign in");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const vendors = useQuery(trpc.storefront.listVendors.queryOptions());
  const [vendorSlug, setVendorSlug] = useState("");
  const [destination, setDestination] = useState("");
  const [code, setCode] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const request = useMutation(trpc.customer.requestCode.mutationOptions());
  // A second code for the same address: the server's rate limit decides; its answer says when.
  const resend = useMutation(
    trpc.customer.requestCode.mutationOptions({
      onSuccess: () => {
        verify.reset();
        setCode("");
        setFieldError(undefined);
      },
    }),
  );
  const verify = useMutation(
    trpc.customer.verifyCode.mutationOptions({
      onSuccess: async (session) => {
        setCsrfToken(session.csrfToken);
        await queryClient.invalidateQueries();
        navigate("/account/licenses");
      },
    }),
  );
  if (vendors.isPending) return <Loading />;
  if (vendors.isError) return <ErrorNotice error={vendors.error} retry={() => void vendors.refetch()} />;
  const store = vendorSlug || vendors.data[0]?.slug || "";

  const send = (e: FormEvent) => {
    e.preventDefault();
    const parsed = SignInDestination.safeParse(destination);
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) request.mutate({ vendorSlug: store, destination });
  };
  const check = (e: FormEvent) => {
    e.preventDefault();
    const parsed = LoginCode.safeParse(code);
    setFieldError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    // One message at a time: the last answer about an older code goes when a new check starts.
    verify.reset();
    resend.reset();
    if (parsed.success) verify.mutate({ vendorSlug: store, destination, code: parsed.data });
  };

  return (
    <div style={{ maxWidth: 460, margin: "0 auto" }}>
      <h1>Sign in</h1>
      <p className="lead">
        See your licenses, orders and subscriptions. We send you a one-time code — no password.
      </p>
      {!request.isSuccess ? (
        <form className="card" onSubmit={send} noValidate>
          {vendors.data.length > 1 ? (
            <Field id="signin-store" label="Store">
              <select id="signin-store" value={store} onChange={(e) => setVendorSlug(e.target.value)}>
                {vendors.data.map((v) => (
                  <option key={v.slug} value={v.slug}>
                    {v.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          <Field
            id="signin-destination"
            label="Email or mobile number"
            hint="The one you used when you bought."
            error={fieldError}
          >
            <input
              id="signin-destination"
              autoComplete="username"
              value={destination}
              onChange={(e) => setDestination(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
            />
          </Field>
          {request.error ? <ErrorNotice error={request.error} /> : null}
          <button type="submit" className="btn" disabled={request.isPending}>
            {request.isPending ? "Sending…" : "Send me a code"}
          </button>
        </form>
      ) : (
        <form className="card" onSubmit={check} noValidate>
          <p className="notice success" role="status">
            {resend.isSuccess ? "We sent a new 6-digit code" : "We sent a 6-digit code"} to{" "}
            <strong>{destination}</strong>. It expires in 10 minutes.
          </p>
          <Field id="signin-code" label="Code" error={fieldError}>
            <input
              id="signin-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
            />
          </Field>
          {verify.error ? <ErrorNotice error={verify.error} /> : null}
          {resend.error ? (
            <ErrorNotice error={resend.error} fallback="We could not send a new code. Please try again." />
          ) : null}
          <div className="row">
            <button type="submit" className="btn" disabled={verify.isPending}>
              {verify.isPending ? "Checking…" : "Sign in"}
            </button>
            <button
              type="button"
              className="btn secondary"
              onClick={() => {
                request.reset();
                resend.reset();
                verify.reset();
                setFieldError(undefined);
                setCode("");
              }}
            >
              Use another address
            </button>
            <ResendButton
              busy={resend.isPending}
              until={retryAt(resend.error)}
              onResend={() => resend.mutate({ vendorSlug: store, destination })}
            />
          </div>
        </form>
      )}
    </div>
  );
}

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** "Resend code"; while the rate limit holds, disabled and saying from when it may be used again. */
function ResendButton({
  busy,
  until,
  onResend,
}: {
  busy: boolean;
  until: Date | null;
  onResend: () => void;
}) {
  const [now, setNow] = useState(() => Date.now());
  const limited = until !== null && until.getTime() > now;
  useEffect(() => {
    if (!limited || !until) return;
    const t = setTimeout(() => setNow(Date.now()), Math.min(until.getTime() - Date.now(), 60_000));
    return () => clearTimeout(t);
  }, [limited, until]);
  return (
    <button type="button" className="btn secondary" disabled={busy || limited} onClick={onResend}>
      {busy ? "Sending…" : limited ? `Resend code (from ${clock.format(until)})` : "Resend code"}
    </button>
  );
}
