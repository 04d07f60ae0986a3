// Where a webhook may send: public addresses only, unless the operator lists a host or address in
// STAGELINE_WEBHOOK_ALLOW. A webhook URL is chosen by an admin, but the server sends from inside the
// network, so without this an admin account (or a stolen session) could make Stageline POST to the
// metadata service, a database on localhost or anything on the LAN. The check runs when a webhook
// is created and again on every send, against the very addresses the socket then connects to, so a
// name that resolved to a public address at creation and to 10.0.0.1 later (DNS rebinding) is
// refused before any byte leaves.
import "server-only";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { webhookAllowList } from "@/lib/config";
import { DomainError } from "@/lib/errors";

export type Resolved = { address: string; family: number };
export type Resolver = (host: string) => Promise<Resolved[]>;

const systemResolver: Resolver = (host) =>
  dns.promises.lookup(host, { all: true, verbatim: true });

// ipaddr.js names the special ranges (RFC 6890 and friends); only ordinary global unicast is public.
const RANGE_WORDS: Record<string, string> = {
  loopback: "loopback",
  private: "private (RFC 1918)",
  uniqueLocal: "private (unique local, fc00::/7)",
  linkLocal: "link-local",
  carrierGradeNat: "shared carrier-grade NAT (100.64.0.0/10)",
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
};

/** Why `address` may not be a webhook target, or null when it is a public unicast address. */
export function nonPublicReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it stands for.
  const range = ipaddr.process(address).range();
  if (range === "unicast") return null;
  return `a ${RANGE_WORDS[range] ?? `reserved (${range})`} address`;
}

/** Whether the operator allowed this host name or address (exact entries or CIDR ranges). */
export function isAllowListed(
  hostOrAddress: string,
  allow: string[] = webhookAllowList(),
): boolean {
  const value = bare(hostOrAddress);
  const ip = ipaddr.isValid(value) ? ipaddr.process(value) : null;
  return allow.some((entry) => {
    if (entry === value) return true;
    if (!ip) return false;
    // CIDR ranges as written (10.0.0.0/8, fd00::/8); an IPv4-mapped address is matched as IPv4.
    if (ipaddr.isValidCIDR(entry)) {
      const [range, bits] = ipaddr.parseCIDR(entry);
      return range.kind() === ip.kind() && ip.match(range, bits);
    }
    return (
      ipaddr.isValid(entry) &&
      ipaddr.process(entry).toString() === ip.toString()
    );
  });
}

/**
 * Checks what `host` resolves to; throws a message naming the address and its range when one of them
 * is not public (every address counts: a name with one public and one private record is refused,
 * since the connection may pick either). Returns the checked addresses.
 */
export async function checkedAddresses(
  host: string,
  resolve: Resolver = systemResolver,
): Promise<Resolved[]> {
  const name = bare(host);
  if (ipaddr.isValid(name)) {
    const address = ipaddr.parse(name).toString();
    if (!isAllowListed(name)) {
      const reason = nonPublicReason(name);
      if (reason) throw new TargetRefused(`${name} is ${reason}`);
    }
    return [{ address, family: ipaddr.parse(name).kind() === "ipv6" ? 6 : 4 }];
  }
  const addresses = await resolve(name);
  if (addresses.length === 0)
    throw new TargetRefused(`${name} does not resolve to any address`);
  if (isAllowListed(name)) return addresses;
  for (const a of addresses) {
    if (isAllowListed(a.address)) continue;
    const reason = nonPublicReason(a.address);
    if (reason)
      throw new TargetRefused(`${name} resolves to ${a.address}, ${reason}`);
  }
  return addresses;
}

/** At creation: a 400 naming `url` when the target is not a public address and not allow-listed. */
export async function assertWebhookTarget(
  url: string,
  resolve: Resolver = systemResolver,
): Promise<void> {
  const host = new URL(url).hostname;
  try {
    await checkedAddresses(host, resolve);
  } catch (error) {
    const reason =
      error instanceof TargetRefused
        ? `${error.detail}; webhooks may only send to public addresses unless the host or address is listed in STAGELINE_WEBHOOK_ALLOW`
        : `the host ${bare(host)} could not be resolved (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
    throw new DomainError("invalid", `url: ${reason}`, {
      fields: { url: [reason] },
    });
  }
}

/** A `lookup` for sockets that resolves, checks every address, and hands the checked ones to connect. */
export function guardedLookup(
  resolve: Resolver = systemResolver,
): LookupFunction {
  return (hostname, options, callback) => {
    checkedAddresses(hostname, resolve).then(
      (addresses) => {
        const family = typeof options.family === "number" ? options.family : 0;
        const usable =
          family === 4 || family === 6
            ? addresses.filter((a) => a.family === family)
            : addresses;
        if (usable.length === 0) {
          callback(
            Object.assign(
              new Error(`${hostname} has no IPv${family} address`),
              { code: "ENOTFOUND" },
            ),
            "",
            4,
          );
          return;
        }
        // Node asks for every address when it races IPv4 and IPv6 (autoSelectFamily), else for one.
        if (options.all)
          (callback as unknown as (err: null, addresses: Resolved[]) => void)(
            null,
            usable,
          );
        else
          callback(
            null,
            (usable[0] as Resolved).address,
            (usable[0] as Resolved).family,
          );
      },
      (error: unknown) =>
        callback(
          error instanceof Error ? error : new Error(String(error)),
          "",
          4,
        ),
    );
  };
}

/**
 * POSTs a delivery and returns the response status. The socket connects only to addresses the
 * guard checked; the Host header and TLS server name stay the URL's host, so HTTPS certificates are
 * verified against the name as usual. Redirects are not followed (they could point anywhere).
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs?: number; resolve?: Resolver } = {},
): Promise<number> {
  const target = new URL(url);
  // Socket connect skips `lookup` for IP literals, so those are checked here first.
  await checkedAddresses(target.hostname, opts.resolve);
  const client = target.protocol === "https:" ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: "POST",
        headers: {
          ...headers,
          "Content-Length": String(Buffer.byteLength(body)),
        },
        lookup: guardedLookup(opts.resolve),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** A target the guard refuses; the message says which address and why ("refused: ..."). */
export class TargetRefused extends Error {
  constructor(readonly detail: string) {
    super(`refused: ${detail}`);
    this.name = "TargetRefused";
  }
}

/** Host names as URL gives them: lower case, IPv6 in brackets. */
function bare(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
}
