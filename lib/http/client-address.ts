// The client's network address, for the per-address sign-in limit. Next 16 gives route handlers and
// server actions no socket, only headers, and `next start` passes a client's own X-Forwarded-For
// through untouched (it fills the header only when it is missing), so that header alone would let
// anyone pick their address. The server stamps every request with the address its socket saw, in a
// header of our own that a client cannot set (lib/http/server-hooks.ts replaces any incoming copy).
// Behind a reverse proxy (STAGELINE_TRUST_PROXY=1) the address is the last X-Forwarded-For entry,
// the one the proxy added.
export const CLIENT_ADDRESS_HEADER = "x-stageline-client-address";

export function trustProxy(): boolean {
  return process.env.STAGELINE_TRUST_PROXY === "1" || process.env.STAGELINE_TRUST_PROXY === "true";
}

/** The caller's address from the request headers, as described above. */
export function clientAddress(headers: Headers): string {
  if (trustProxy()) {
    const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
    const last = hops[hops.length - 1];
    if (last) return last;
  }
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
