// URL fields that the app links to or calls (an alert's runbook, an external deployment's
// endpoint): http(s) only. `javascript:` and `data:` links run code in the page of whoever clicks
// them, and `file:` points at the viewer's own disk; none of them is a runbook or an endpoint.
import { z } from "zod";

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    url.hostname !== ""
  );
}

/** A zod rule for one such field; the message names it. */
export function httpUrlSchema(field: string) {
  return z
    .string({ error: `${field} must be text` })
    .max(2048, { message: `${field} must be at most 2048 characters` })
    .refine(isHttpUrl, {
      message: `${field} must be an http:// or https:// URL`,
    });
}
