// Signing in and out through better-auth: from the sign-in form's server action (Next's origin
// check guards it) and from better-auth's own POST /api/auth/sign-in/email, both under the same
// per-account and per-address limit on failed attempts (lib/auth/rate-limit.ts).
import "server-only";
import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { z } from "zod";
import { DomainError, parseInput } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { errorResponse } from "@/lib/http/route";
import { getAuth } from "./auth";
import { auditSignInLimit } from "./sign-in-audit";
import { clearFailures, recordFailure, retryAfter } from "./rate-limit";

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, { message: "Enter your e-mail" }),
  password: z.string().min(1, { message: "Enter your password" }),
});

export async function signIn(input: unknown): Promise<void> {
  const data = parseInput(signInSchema, input);
  const h = await headers();
  const keys = signInKeys(data.email, h);
  refuseWhenLimited(keys);
  try {
    await getAuth().api.signInEmail({ body: data, headers: h });
    clearFailures([`email:${data.email}`]);
  } catch (error) {
    if (error instanceof APIError) {
      recordFailure(keys);
      auditSignInLimit(keys, "form", clientAddress(h));
      const status =
        typeof error.status === "number" ? error.status : String(error.status);
      if (status === 403 || status === "FORBIDDEN")
        throw new DomainError(
          "forbidden",
          error.message || "This account is deactivated.",
        );
      if (status === 429 || status === "TOO_MANY_REQUESTS")
        throw new DomainError(
          "rate_limited",
          "Too many sign-in attempts. Wait a minute and try again.",
        );
      throw new DomainError("unauthenticated", "Wrong e-mail or password.");
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await getAuth().api.signOut({ headers: await headers() });
}

function signInKeys(email: string, h: Headers): string[] {
  return [`email:${email.trim().toLowerCase()}`, `ip:${clientAddress(h)}`];
}

function refuseWhenLimited(keys: string[]): void {
  const wait = retryAfter(keys);
  if (wait > 0)
    throw new DomainError(
      "rate_limited",
      `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`,
      { retry_after_seconds: wait },
    );
}

/** better-auth's POST /api/auth/sign-in/email, under the same limit as the sign-in form. */
export async function signInEndpoint(request: Request): Promise<Response> {
  const email = await submittedEmail(request);
  const keys = signInKeys(email, request.headers);
  try {
    refuseWhenLimited(keys);
  } catch (error) {
    const res = errorResponse(error);
    res.headers.set("Retry-After", String(retryAfter(keys)));
    return res;
  }
  const res = await getAuth().handler(request);
  if (res.status === 401) recordFailure(keys);
  if (res.status === 401)
    auditSignInLimit(keys, "api", clientAddress(request.headers));
  else if (res.ok) clearFailures([keys[0] as string]);
  return res;
}

/** The e-mail as better-auth will read it, from any body type it accepts (JSON, form-encoded, multipart),
 *  so that no type slips past the per-account limit. The body is already in memory (a few KB at most). */
async function submittedEmail(request: Request): Promise<string> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  try {
    let value: unknown;
    if (/^application\/([a-z0-9.+-]*\+)?json/.test(type))
      value = ((await request.clone().json()) as { email?: unknown } | null)
        ?.email;
    else if (
      type.includes("application/x-www-form-urlencoded") ||
      type.includes("multipart/form-data")
    )
      value = (await request.clone().formData()).get("email");
    return typeof value === "string" ? value : "";
  } catch {
    return ""; // better-auth answers the malformed body itself.
  }
}
