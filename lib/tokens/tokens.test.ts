import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { apiTokens, auditEvents } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { makeUser } from "@/lib/testing/factories";
import { setActive } from "@/lib/users/users";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { actorFromToken, createToken, listTokens, revokeToken } from "./tokens";

function expectUnauthenticated(fn: () => unknown, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("unauthenticated");
    expect((error as DomainError).message).toMatch(message);
    return;
  }
  throw new Error("expected the token to be refused");
}

describe("API tokens", () => {
  it("authenticate as their owner with the owner's role, and store only a hash", async () => {
    const ds = await makeUser("data_scientist");
    const { token, summary } = createToken(ds, { name: "ci" });
    expect(token).toMatch(/^stl_[A-Za-z0-9_-]{43}$/);
    const resolved = actorFromToken(token);
    expect(resolved).toMatchObject({
      id: ds.id,
      role: "data_scientist",
      via: `token:${summary.id}`,
    });
    const row = getDb()
      .select()
      .from(apiTokens)
      .where(eq(apiTokens.id, summary.id))
      .get();
    expect(row?.tokenHash).not.toContain(token.slice(4));
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "token.created"))
      .all();
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("stop working once revoked, expired, or when the owner is deactivated", async () => {
    const ds = await makeUser("data_scientist");
    const a = createToken(ds, { name: "a" });
    revokeToken(ds, a.summary.id);
    expectUnauthenticated(() => actorFromToken(a.token), /revoked/);

    const b = createToken(ds, { name: "b", expiresInDays: 1 });
    getDb()
      .update(apiTokens)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(apiTokens.id, b.summary.id))
      .run();
    expectUnauthenticated(() => actorFromToken(b.token), /expired/);
    expect(listTokens(ds).find((t) => t.id === b.summary.id)?.status).toBe(
      "expired",
    );

    const c = createToken(ds, { name: "c" });
    setActive(SYSTEM_ACTOR, { userId: ds.id, active: false });
    expectUnauthenticated(() => actorFromToken(c.token), /deactivated/);
  });

  it("refuse malformed and unknown secrets", () => {
    expectUnauthenticated(() => actorFromToken("nope"), /Malformed/);
    expectUnauthenticated(
      () => actorFromToken(`stl_${"a".repeat(43)}`),
      /Unknown/,
    );
  });

  it("cannot be revoked by another non-admin user", async () => {
    const owner = await makeUser("data_scientist");
    const other = await makeUser("reviewer");
    const { summary } = createToken(owner, { name: "mine" });
    expect(() => revokeToken(other, summary.id)).toThrow(/No token/);
    expect(listTokens(owner)[0]?.status).toBe("active");
  });

  it("reject a bad name or expiry naming the field, and create nothing", async () => {
    const ds = await makeUser("data_scientist");
    for (const input of [
      { name: "" },
      { name: "x", expiresInDays: 0 },
      { name: "x", expiresInDays: "soon" },
    ]) {
      try {
        createToken(ds, input);
        throw new Error("should have failed");
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        const fields = Object.keys(
          (error as DomainError).details?.fields ?? {},
        );
        expect(fields.length).toBe(1);
        expect(["name", "expiresInDays"]).toContain(fields[0]);
      }
    }
    expect(listTokens(ds)).toHaveLength(0);
  });
});

describe("tokens made by a token", () => {
  const post = (
    secret: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) =>
    tokensRoute.POST(
      new Request("http://127.0.0.1/api/v1/tokens", {
        method: "POST",
        headers: {
          Authorization: `Bearer ${secret}`,
          "Content-Type": "application/json",
          ...headers,
        },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({}) },
    );

  it("never outlive the token that makes them: a later expiry, or none, is refused naming expires_in_days", async () => {
    const ds = await makeUser("data_scientist");
    const short = createToken(ds, { name: "short", expiresInDays: 7 });
    for (const body of [
      { name: "forever" },
      { name: "longer", expires_in_days: 8 },
      { name: "much-longer", expires_in_days: 3650 },
    ]) {
      const res = await post(short.token, body);
      expect(res.status).toBe(400);
      const error = (
        (await res.json()) as {
          error: {
            message: string;
            details: { fields: Record<string, string[]> };
          };
        }
      ).error;
      expect(error.message).toMatch(
        /outlives it.*expires_in_days may be at most 6/,
      );
      expect(Object.keys(error.details.fields)).toEqual(["expires_in_days"]);
    }
    expect(listTokens(ds).map((t) => t.name)).toEqual(["short"]);
    // Within its own lifetime it may; a never-expiring token may make any token; a session may too.
    expect(
      (await post(short.token, { name: "shorter", expires_in_days: 6 })).status,
    ).toBe(201);
    const forever = createToken(ds, { name: "forever-1" });
    expect((await post(forever.token, { name: "forever-2" })).status).toBe(201);
    expect(
      createToken(ds, { name: "from-the-page" }).summary.expiresAt,
    ).toBeNull();
  });

  it("record a client's X-Request-Id only when it is a plain id", async () => {
    const ds = await makeUser("data_scientist");
    const { token } = createToken(ds, { name: "ci" });
    expect(
      (
        await post(
          token,
          { name: "rid-plain" },
          { "X-Request-Id": "ci-run:42.1" },
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await post(
          token,
          { name: "rid-formula" },
          {
            "X-Request-Id": `=HYPERLINK("http://evil.example")${"x".repeat(200)}`,
          },
        )
      ).status,
    ).toBe(201);
    const ids = getDb()
      .select({ requestId: auditEvents.requestId, after: auditEvents.after })
      .from(auditEvents)
      .where(eq(auditEvents.action, "token.created"))
      .all();
    const of = (name: string) =>
      ids.find((e) => e.after?.includes(`"name":"${name}"`))?.requestId;
    expect(of("rid-plain")).toBe("ci-run:42.1");
    expect(of("rid-formula")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
