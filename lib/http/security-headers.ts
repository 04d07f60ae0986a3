// Response headers every answer carries (next.config.ts applies them to what Next serves; the
// endpoints answered in lib/http/direct.ts set them themselves). Pages get pagePolicy() below, with a fresh nonce,
// from the request listener (lib/http/listener.ts).
export const COMMON_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** API answers are data: their policy allows nothing at all. */
export const API_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
};

/**
 * A page's policy: scripts run only with this request's nonce (Next adds it to its own scripts when
 * it finds it in the request's Content-Security-Policy header), nothing may frame the page.
 */
export function pagePolicy(
  nonce: string,
  dev = process.env.NODE_ENV !== "production",
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and toasts set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Cache-Control of every authenticated API answer (REST, MLflow, the direct endpoints), errors included. */
export const NO_STORE = "no-store";
