// The client's network address, for the per-address sign-in limit and session records. Next 16
// gives route handlers and server actions no socket, only headers, and Next passes a client's own
// X-Forwarded-For through untouched (it fills the header only when it is missing), so that header
// alone would let anyone pick their address. The request listener (lib/http/listener.ts) stamps
// every request with the address its socket saw, in a header of our own, after dropping any copy the
// client sent. A process where that listener is not running (`next dev`, `next start` run by hand)
// does not trust the header at all: every caller is "unknown" there, never the address a client wrote.
// Behind a reverse proxy (STAGELINE_TRUST_PROXY=1) the address is the last X-Forwarded-For entry,
// the one the proxy added.
export const CLIENT_ADDRESS_HEADER = "x-stageline-client-address";

// On globalThis (by a registry symbol) because the listener and the route handlers may be compiled
// into different module graphs of Next's bundle; a process has one listener.
const STAMPED = Symbol.for("stageline.addressStamped");
const g = globalThis as Record<symbol, unknown>;

/** Declares that every request of this process comes through the stamping listener (or, in unit
 *  tests, is built as the listener would deliver it). */
export function trustAddressStamp(on = true): void {
  g[STAMPED] = on;
}

export function trustProxy(): boolean {
  return (
    process.env.STAGELINE_TRUST_PROXY === "1" ||
    process.env.STAGELINE_TRUST_PROXY === "true"
  );
}

/** The caller's address from the request headers, as described above. */
export function clientAddress(headers: Headers): string {
  if (trustProxy()) {
    const hops = (headers.get("x-forwarded-for") ?? "")
      .split(",")
      .map((h) => h.trim())
      .filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  if (g[STAMPED] !== true) return "unknown";
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
