import { config } from "zod";

/**
 * Imported first by main.tsx, before any schema is built: zod probes `new Function` to compile
 * fast parsers, which the Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval')
 * refuses and reports as a violation. Parse without it in the browser.
 */
config({ jitless: true });
