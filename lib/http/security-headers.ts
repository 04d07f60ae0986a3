// Response headers every answer carries (next.config.ts applies them to what Next serves; the
// endpoints answered in lib/http/direct.ts set them themselves). Pages add a nonce-based policy in proxy.ts.
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
