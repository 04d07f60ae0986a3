import { performance } from "node:perf_hooks";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { handleMlflow } from "@/lib/mlflow/router";
import { makeUser } from "@/lib/testing/factories";
import { request } from "@/lib/testing/next-headers";
import { signIn } from "./sign-in";

// The per-account limit on failed sign-ins holds on every way in (JSON and form-encoded posts to
// better-auth's endpoint, the sign-in form, MLflow's HTTP Basic), Basic is limited per
// address too, sign-in bodies are cut off at a few KB, and an unknown e-mail is refused as slowly
// as a known one.

vi.mock("next/headers", () => import("@/lib/testing/next-headers"));

const PASSWORD = "test-password-1";
const URL_ = "http://127.0.0.1:3000/api/auth/sign-in/email";
const call = (init: RequestInit, from: string) =>
  POST(
    new Request(URL_, {
      method: "POST",
      ...init,
      headers: {
        [CLIENT_ADDRESS_HEADER]: from,
        ...(init.headers as Record<string, string>),
      },
    }),
  );

const asJson = (email: string, password: string, from: string) =>
  call(
    {
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email, password }),
    },
    from,
  );
const asForm = (email: string, password: string, from: string) =>
  call(
    {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password }).toString(),
    },
    from,
  );

function basic(email: string, password: string, from: string) {
  const url = "http://127.0.0.1/api/2.0/mlflow/registered-models/search";
  return handleMlflow(
    new Request(url, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`,
        [CLIENT_ADDRESS_HEADER]: from,
      },
    }),
    ["registered-models", "search"],
  );
}

async function formSignIn(
  email: string,
  password: string,
  from: string,
): Promise<string> {
  request.headers = new Headers({ [CLIENT_ADDRESS_HEADER]: from });
  try {
    await signIn({ email, password });
    return "ok";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("sign-in limits on every way in", () => {
  it("form-encoded failures count against the account like JSON ones", async () => {
    const user = await makeUser("data_scientist");
    for (let i = 0; i < 10; i++)
      expect(
        (await asForm(user.email, "wrong-password", `10.5.0.${i}`)).status,
      ).toBe(401);
    expect((await asJson(user.email, PASSWORD, "10.5.1.1")).status).toBe(429);
    expect((await asForm(user.email, PASSWORD, "10.5.1.2")).status).toBe(429);
    expect(await formSignIn(user.email, PASSWORD, "10.5.1.3")).toMatch(
      /Too many failed sign-ins/,
    );
  });

  it("MLflow Basic failures count against the account, and the account's limit holds for Basic", async () => {
    const user = await makeUser("data_scientist");
    for (let i = 0; i < 10; i++)
      expect(
        (await basic(user.email, "wrong-password", `10.6.0.${i}`)).status,
      ).toBe(401);
    expect(await formSignIn(user.email, PASSWORD, "10.6.1.1")).toMatch(
      /Too many failed sign-ins/,
    );
    const refused = await basic(user.email, PASSWORD, "10.6.1.2");
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error_code: string }).error_code).toBe(
      "REQUEST_LIMIT_EXCEEDED",
    );
  });

  it(
    "MLflow Basic is limited per address: 50 failures from one address hold back even a right password from it",
    { timeout: 60_000 },
    async () => {
      const user = await makeUser("data_scientist");
      for (let i = 0; i < 50; i++)
        expect(
          (await basic(`nobody-${i}@test.local`, "wrong-password", "10.7.0.1"))
            .status,
        ).toBe(401);
      expect((await basic(user.email, PASSWORD, "10.7.0.1")).status).toBe(429);
      expect((await basic(user.email, PASSWORD, "10.7.0.2")).status).toBe(200);
    },
  );

  it(
    "a right MLflow Basic password does not clear its address's failures (one account cannot reset the limit for guesses at others)",
    { timeout: 60_000 },
    async () => {
      const user = await makeUser("data_scientist");
      for (let i = 0; i < 49; i++)
        expect(
          (await basic(`guess-${i}@test.local`, "wrong-password", "10.8.0.1"))
            .status,
        ).toBe(401);
      // The 50th attempt from the address is the attacker's own account, and it gets in...
      expect((await basic(user.email, PASSWORD, "10.8.0.1")).status).toBe(200);
      // ...but the address's 49 failures still stand: one more and it is held back.
      expect(
        (await basic("guess-x@test.local", "wrong-password", "10.8.0.1"))
          .status,
      ).toBe(401);
      expect(
        (await basic("guess-y@test.local", "wrong-password", "10.8.0.1"))
          .status,
      ).toBe(429);
    },
  );

  it("a 256 MB chunked body to sign-in is refused with 413 after a few KB, the rest never made", async () => {
    let made = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (made >= 256 * 1024 * 1024) return controller.close();
        made += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const started = performance.now();
    const res = await POST(
      new Request(URL_, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(
      (
        (await res.json()) as {
          error: { details: { fields: Record<string, string[]> } };
        }
      ).error.details.fields,
    ).toEqual({
      body: ["Too large"],
    });
    expect(made).toBeLessThanOrEqual(64 * 1024);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("refusing unknown and known e-mails", () => {
  /** Median time of `n` refusals each, interleaved so that load on the machine hits both alike. */
  async function medians(
    known: (i: number) => Promise<unknown>,
    unknown: (i: number) => Promise<unknown>,
    n = 7,
  ) {
    const a: number[] = [];
    const b: number[] = [];
    await unknown(-1); // warm-up (the dummy hash is made once)
    for (let i = 0; i < n; i++) {
      let t = performance.now();
      await known(i);
      a.push(performance.now() - t);
      t = performance.now();
      await unknown(i);
      b.push(performance.now() - t);
    }
    const median = (xs: number[]) =>
      xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
    return { known: median(a), unknown: median(b) };
  }

  it.each([
    ["take the same time on better-auth's endpoint", asJson, "10.8"],
    ["take the same time over MLflow Basic", basic, "10.9"],
  ] as const)("%s", { timeout: 60_000 }, async (_, refusal, net) => {
    const user = await makeUser("reviewer");
    const m = await medians(
      (i) => refusal(user.email, "wrong-password", `${net}.0.${i}`),
      (i) =>
        refusal(`ghost-${i}@test.local`, "wrong-password", `${net}.1.${i}`),
    );
    expect(m.unknown / m.known).toBeGreaterThan(0.7);
    expect(m.unknown / m.known).toBeLessThan(1.4);
  });
});
