// Signing in and out through better-auth from server actions (Next's origin check guards them).
import "server-only";
import { APIError } from "better-auth/api";
import { headers } from "next/headers";
import { z } from "zod";
import { DomainError, parseInput } from "@/lib/errors";
import { getAuth } from "./auth";

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, { message: "Enter your e-mail" }),
  password: z.string().min(1, { message: "Enter your password" }),
});

export async function signIn(input: unknown): Promise<void> {
  const data = parseInput(signInSchema, input);
  try {
    await getAuth().api.signInEmail({ body: data, headers: await headers() });
  } catch (error) {
    if (error instanceof APIError) {
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
