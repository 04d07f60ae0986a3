import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { makeUser } from "@/lib/testing/factories";
import { request } from "@/lib/testing/next-headers";
import { signIn } from "./sign-in";

// Failed sign-ins are limited per account and per client address, on both ways in: the sign-in
// form (a server action, headers from next/headers) and better-auth's POST /api/auth/sign-in/email.

vi.mock("next/headers", () => import("@/lib/testing/next-headers"));

const PASSWORD = "test-password-1";

async function formSignIn(
  email: string,
  password: string,
  from: string,
  extra: Record<string, string> = {},
): Promise<string> {
  request.headers = new Headers({ [CLIENT_ADDRESS_HEADER]: from, ...extra });
  try {
    await signIn({ email, password });
    return "ok";
  } catch (error) {
    return (error as Error).message;
  }
}

function endpointSignIn(
  email: string,
  password: string,
  from: string,
): Promise<Response> {
  return POST(
    new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [CLIENT_ADDRESS_HEADER]: from,
      },
      body: JSON.stringify({ email, password }),
    }),
  );
}

describe("sign-in rate limit", () => {
  it("after 50 failures from one address, refuses that address even for a right password, and a forged X-Forwarded-For does not get round it", async () => {
    const user = await makeUser("reviewer");
    for (let i = 0; i < 50; i++)
      expect(
        await formSignIn(
          `nobody-${i}@test.local`,
          "wrong-password",
          "10.0.0.1",
        ),
      ).toBe("Wrong e-mail or password.");
    expect(await formSignIn(user.email, PASSWORD, "10.0.0.1")).toMatch(
      /^Too many failed sign-ins\. Try again in 15 minutes\.$/,
    );
    expect(
      await formSignIn(user.email, PASSWORD, "10.0.0.1", {
        "x-forwarded-for": "203.0.113.9",
      }),
    ).toMatch(/Too many failed sign-ins/);
    expect(
      (await endpointSignIn(user.email, PASSWORD, "10.0.0.1")).status,
    ).toBe(429);
    // Another address is not held back, and the account itself is fine.
    expect(await formSignIn(user.email, PASSWORD, "10.0.0.2")).toBe("ok");
    // 51 password hashes (better-auth hashes for unknown accounts too): ~7 s alone, more on a busy machine.
  }, 60_000);

  it("after 10 failures for one account, refuses it from any address on either way in, with a Retry-After", async () => {
    const user = await makeUser("data_scientist");
    const other = await makeUser("data_scientist");
    for (let i = 0; i < 5; i++)
      expect(
        (await endpointSignIn(user.email, "wrong-password", `10.1.0.${i}`))
          .status,
      ).toBe(401);
    for (let i = 5; i < 10; i++)
      expect(
        await formSignIn(
          user.email.toUpperCase(),
          "wrong-password",
          `10.1.0.${i}`,
        ),
      ).toBe("Wrong e-mail or password.");
    const refused = await endpointSignIn(user.email, PASSWORD, "10.1.1.1");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(800);
    expect(
      ((await refused.json()) as { error: { message: string } }).error.message,
    ).toMatch(/Too many failed sign-ins/);
    expect(await formSignIn(user.email, PASSWORD, "10.1.1.2")).toMatch(
      /Too many failed sign-ins/,
    );
    // Only that account.
    expect(
      (await endpointSignIn(other.email, PASSWORD, "10.1.1.1")).status,
    ).toBe(200);
  });

  it("a success clears the account's earlier failures", async () => {
    const user = await makeUser("manager");
    for (let i = 0; i < 9; i++)
      expect(
        (await endpointSignIn(user.email, "wrong-password", "10.2.0.1")).status,
      ).toBe(401);
    expect(
      (await endpointSignIn(user.email, PASSWORD, "10.2.0.1")).status,
    ).toBe(200);
    for (let i = 0; i < 9; i++)
      expect(
        (await endpointSignIn(user.email, "wrong-password", "10.2.0.2")).status,
      ).toBe(401);
    expect(await formSignIn(user.email, PASSWORD, "10.2.0.3")).toBe("ok");
  });
});
