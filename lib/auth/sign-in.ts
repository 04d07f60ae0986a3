// Signing in and out through better-auth from server actions (Next's origin check guards them).
import "server-only";
import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { z } from "zod";
import { DomainError, parseInput } from "@/lib/errors";
import { getAuth } from "./auth";
import { clearFailures, recordFailure, retryAfter } from "./rate-limit";

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, { message: "Enter your e-mail" }),
  password: z.string().min(1, { message: "Enter your password" }),
});

export async function signIn(input: unknown): Promise<void> {
  const data = parseInput(signInSchema, input);
  const h = await headers();
  const ip = (h.get("x-forwarded-for") ?? "").split(",")[0]?.trim() || h.get("x-real-ip") || "local";
  const keys = [`email:${data.email}`, `ip:${ip}`];
  const wait = retryAfter(keys);
  if (wait > 0) throw new DomainError("rate_limited", `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`);
  try {
    await getAuth().api.signInEmail({ body: data, headers: h });
    clearFailures([`email:${data.email}`]);
  } catch (error) {
    if (error instanceof APIError) {
      recordFailure(keys);
      const status = typeof error.status === "number" ? error.status : String(error.status);
      if (status === 403 || status === "FORBIDDEN") throw new DomainError("forbidden", error.message || "This account is deactivated.");
      if (status === 429 || status === "TOO_MANY_REQUESTS") throw new DomainError("rate_limited", "Too many sign-in attempts. Wait a minute and try again.");
      throw new DomainError("unauthenticated", "Wrong e-mail or password.");
    }
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await getAuth().api.signOut({ headers: await headers() });
}
