import { VendorSlug } from "@keyway/schema";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { setCsrfToken, useTRPC } from "../trpc";
import { ErrorNote, Field } from "../ui";

/** Sign in, or create a vendor account (the vendor and its first owner). */
export function AuthScreen() {
  const [mode, setMode] = useState<"signIn" | "signUp">("signIn");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onSession = (session: { csrfToken: string }) => {
    setCsrfToken(session.csrfToken);
    queryClient.setQueryData(trpc.account.session.queryKey(), session as never);
    void queryClient.invalidateQueries(trpc.account.session.queryFilter());
  };
  const signIn = useMutation(trpc.account.signIn.mutationOptions({ onSuccess: onSession }));
  const signUp = useMutation(trpc.account.signUp.mutationOptions({ onSuccess: onSession }));
  const [form, setForm] = useState({
    vendorName: "",
    slug: "",
    email: "",
    password: "",
    timezone: guessZone(),
    currency: "USD",
  });
  // The store's address is checked here against the same contract as the server's (reserved routes).
  const [slugError, setSlugError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === "signIn") {
      signIn.mutate({ email: form.email, password: form.password });
      return;
    }
    const slug = form.slug.trim() ? VendorSlug.safeParse(form.slug) : null;
    setSlugError(slug && !slug.success ? (slug.error.issues[0]?.message ?? "Choose another address.") : null);
    if (!slug || slug.success)
      signUp.mutate({
        vendorName: form.vendorName,
        ...(slug?.success ? { slug: slug.data } : {}),
        email: form.email,
        password: form.password,
        timezone: form.timezone,
        currency: form.currency,
      });
  };
  const pending = signIn.isPending || signUp.isPending;
  return (
    <div className="kc-auth">
      <form className="kc-card kc-auth-card" onSubmit={submit}>
        <div className="kc-brand">
          <span className="kc-logo">K</span>
          <div>
            <strong>Keyway console</strong>
            <small>{mode === "signIn" ? "Sign in to your store" : "Start selling licenses"}</small>
          </div>
        </div>
        {mode === "signUp" ? (
          <Field label="Store name">
            <input name="vendorName" required value={form.vendorName} onChange={set("vendorName")} />
          </Field>
        ) : null}
        {mode === "signUp" ? (
          <Field label="Store address (optional)" hint="Your store's page is /address; empty: from the name.">
            <input
              name="slug"
              value={form.slug}
              onChange={set("slug")}
              aria-invalid={slugError ? true : undefined}
            />
          </Field>
        ) : null}
        {mode === "signUp" && slugError ? (
          <p className="kc-error" role="alert">
            {slugError}
          </p>
        ) : null}
        <Field label="Email">
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={form.email}
            onChange={set("email")}
          />
        </Field>
        <Field
          label="Password"
          hint={mode === "signUp" ? "At least 12 characters in production." : undefined}
        >
          <input
            name="password"
            type="password"
            autoComplete={mode === "signIn" ? "current-password" : "new-password"}
            required
            value={form.password}
            onChange={set("password")}
          />
        </Field>
        {mode === "signUp" ? (
          <div className="kc-row">
            <Field label="Time zone">
              <input name="timezone" value={form.timezone} onChange={set("timezone")} />
            </Field>
            <Field label="Currency">
              <input name="currency" maxLength={3} value={form.currency} onChange={set("currency")} />
            </Field>
          </div>
        ) : null}
        <ErrorNote error={mode === "signIn" ? signIn.error : signUp.error} />
        <button type="submit" disabled={pending}>
          {mode === "signIn" ? "Sign in" : "Create account"}
        </button>
        <button
          type="button"
          className="kc-link"
          onClick={() => setMode(mode === "signIn" ? "signUp" : "signIn")}
        >
          {mode === "signIn" ? "New here? Create a vendor account" : "Already have an account? Sign in"}
        </button>
      </form>
    </div>
  );
}

function guessZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}
