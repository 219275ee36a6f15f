import { Field } from "../ui";

/** How long a certificate of the product's licenses stays valid (`exp`), as the input holds it. */
export function certificateDaysText(product?: { certificateTtlDays: number }): string {
  return String(product?.certificateTtlDays ?? 30);
}

export const CERTIFICATE_DAYS_ERROR = "“Certificate lifetime (days)” is a whole number of days, 1 to 3650.";

/** The typed lifetime in days, or null when it is not a whole number from 1 to 3650. */
export function certificateDays(text: string): number | null {
  const typed = text.trim();
  if (!/^\d+$/.test(typed)) return null;
  const days = Number(typed);
  return days >= 1 && days <= 3650 ? days : null;
}

export function CertificateLifetimeField({ value, set }: { value: string; set: (text: string) => void }) {
  return (
    <Field
      label="Certificate lifetime (days)"
      hint="A license certificate is valid this long after it is issued; the software renews it before then."
    >
      <input
        name="certificateTtlDays"
        inputMode="numeric"
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </Field>
  );
}
