import { useEffect, useRef } from "react";

/**
 * An email's HTML as mail clients show it, inside a sandboxed frame (nothing in it runs). The
 * console's content policy carries into the frame and refuses inline `style` attributes, so the
 * styles are moved over through the CSSOM, which the policy allows. Images from other sites
 * (the logo) still do not load here.
 */
export function EmailPreviewFrame({ html }: { html: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    const doc = frame.current?.contentDocument;
    const view = doc?.defaultView;
    if (!doc || !view) return;
    const parsed = new DOMParser().parseFromString(html, "text/html");
    const styled = [...parsed.querySelectorAll<HTMLElement>("[style]")].map(
      (el) => [el, el.getAttribute("style") ?? ""] as const,
    );
    for (const [el] of styled) el.removeAttribute("style");
    for (const el of parsed.querySelectorAll("script, iframe, object, embed")) el.remove();
    const root = doc.importNode(parsed.documentElement, true);
    doc.replaceChild(root, doc.documentElement);
    // The same walk over the copy: the n-th element with a style gets the n-th style back.
    const all = [...parsed.documentElement.querySelectorAll("*")];
    const copies = [...root.querySelectorAll("*")];
    for (const [el, css] of styled) {
      const copy = copies[all.indexOf(el)];
      if (copy instanceof view.HTMLElement) copy.style.cssText = css;
    }
  }, [html]);
  return (
    <iframe
      ref={frame}
      title="Email preview"
      sandbox="allow-same-origin"
      style={{ width: "100%", height: 480, border: "1px solid #e5e7eb", borderRadius: 8 }}
    />
  );
}
