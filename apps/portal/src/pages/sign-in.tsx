import { LoginCode, SignInDestination } from "@keyway/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
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
            We sent a 6-digit code to <strong>{destination}</strong>. It expires in 10 minutes.
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
          <div className="row">
            <button type="submit" className="btn" disabled={verify.isPending}>
              {verify.isPending ? "Checking…" : "Sign in"}
            </button>
            <button
              type="button"
              className="btn secondary"
              onClick={() => {
                request.reset();
                verify.reset();
                setCode("");
              }}
            >
              Use another address
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
