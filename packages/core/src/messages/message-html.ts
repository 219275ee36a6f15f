import { UNSUBSCRIBE_PLACEHOLDER } from "./template-placeholders";

/**
 * The HTML frame of every email: the vendor's logo (or name) on top, the accent colour as a top
 * border, the message in one column, and a footer with the support address and, on reminders,
 * the unsubscribe link. Tables and inline styles only: what Outlook, Gmail and Apple Mail all
 * render the same.
 */

export const DEFAULT_BRAND_COLOR = "#2f6feb";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A plain-text body as HTML: paragraphs, line breaks and links kept. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => {
      const lines = paragraph
        .split("\n")
        .map((line) =>
          escapeHtml(line).replace(/https?:\/\/[^\s<>"']+/g, (url) => `<a href="${url}">${url}</a>`),
        );
      return `<p style="margin:0 0 16px;">${lines.join("<br>")}</p>`;
    })
    .join("\n");
}

export interface HtmlFrame {
  title: string;
  vendorName: string;
  color: string;
  logoUrl: string | null;
  supportEmail: string | null;
  /** Reminders: the one-click unsubscribe link (the placeholder when the sender fills it later). */
  unsubscribeUrl: string | null | undefined;
  reminder: boolean;
}

const FONT = "font-family:Arial,Helvetica,sans-serif;";

export function frameHtml(content: string, f: HtmlFrame): string {
  const vendor = escapeHtml(f.vendorName);
  const head = f.logoUrl
    ? `<img src="${escapeHtml(f.logoUrl)}" alt="${vendor}" height="40" style="display:block;height:40px;max-width:240px;border:0;">`
    : `<span style="${FONT}font-size:20px;font-weight:bold;color:#1f2328;">${vendor}</span>`;
  const footer = [
    vendor,
    f.supportEmail
      ? `Questions? <a href="mailto:${escapeHtml(f.supportEmail)}" style="color:#6b7280;">${escapeHtml(f.supportEmail)}</a>`
      : null,
    f.reminder
      ? `<a href="${f.unsubscribeUrl ? escapeHtml(f.unsubscribeUrl) : UNSUBSCRIBE_PLACEHOLDER}" style="color:#6b7280;">Unsubscribe</a> from reminders`
      : null,
  ].filter(Boolean);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(f.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background:#ffffff;border-top:4px solid ${escapeHtml(f.color)};border-radius:6px;">
<tr><td style="padding:24px 32px 8px;">${head}</td></tr>
<tr><td style="padding:8px 32px 16px;${FONT}font-size:15px;line-height:1.5;color:#1f2328;">
${content}
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #e5e7eb;${FONT}font-size:12px;line-height:1.5;color:#6b7280;">${footer.join(" · ")}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
