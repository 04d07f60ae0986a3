// Past 300 lines: one case per way in or out, sharing the sign-in helpers above them.
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/auth/[...all]/route";
import { getDb } from "@/db/client";
import { account, auditEvents, session } from "@/db/schema";
import { verifyAuditChain } from "@/lib/audit/audit-verify";
import { searchAudit } from "@/lib/audit/audit-queries";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { mlflowActor } from "@/lib/mlflow/auth";
import { makeUser } from "@/lib/testing/factories";
import { request } from "@/lib/testing/next-headers";
import { SYSTEM_ACTOR } from "./actor";
import {
  auditBasicSignIn,
  auditSignInLimit,
  forgetAuditWindows,
} from "./sign-in-audit";
import { recordFailure } from "./rate-limit";
import { setActive } from "@/lib/users/users";
import { signIn, signOut } from "./sign-in";

// Every way in and out leaves an audit event, and none of them holds a secret.

vi.mock("next/headers", () => import("@/lib/testing/next-headers"));

const PASSWORD = "test-password-1";
const BASE = "http://127.0.0.1:3000";

function call(
  path: string,
  body: unknown,
  from: string,
  cookie?: string,
): Promise<Response> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    [CLIENT_ADDRESS_HEADER]: from,
    Origin: BASE,
  };
  if (cookie) headers.Cookie = cookie;
  return POST(
    new Request(`${BASE}/api/auth${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    }),
  );
}

/** Signs in through better-auth's endpoint; returns the session cookie and its raw token. */
async function endpointSignIn(
  email: string,
  password: string,
  from: string,
): Promise<{ cookie: string; token: string }> {
  const res = await call("/sign-in/email", { email, password }, from);
  expect(res.status).toBe(200);
  const setCookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("stageline.session_token=")) ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  const token =
    decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".")[0] ??
    "";
  expect(token.length).toBeGreaterThan(10);
  return { cookie, token };
}

const eventsFor = (entityId: string) =>
  getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.entityId, entityId))
    .all();

describe("auditing sign-in, sign-out and account changes", () => {
  it("records sign-in (form and endpoint), sign-out, revocations, password and name changes, without secret material", async () => {
    const u = await makeUser("data_scientist");
    // The form (server action) way in.
    request.headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "10.9.0.1" });
    await signIn({ email: u.email, password: PASSWORD });
    // better-auth's endpoint, three sessions.
    const a = await endpointSignIn(u.email, PASSWORD, "10.9.0.2");
    const b = await endpointSignIn(u.email, PASSWORD, "10.9.0.3");
    const c = await endpointSignIn(u.email, PASSWORD, "10.9.0.4");
    // Sign out through the app's own action (as the sidebar does) and through the endpoint.
    request.headers = new Headers({
      cookie: c.cookie,
      [CLIENT_ADDRESS_HEADER]: "10.9.0.4",
    });
    await signOut();
    // Revoke one session from another, then change the name and the password (revoking the rest).
    expect(
      (await call("/revoke-session", { token: b.token }, "10.9.0.2", a.cookie))
        .status,
    ).toBe(200);
    expect(
      (
        await call(
          "/update-user",
          { name: "Renamed Person" },
          "10.9.0.2",
          a.cookie,
        )
      ).status,
    ).toBe(200);
    const NEW_PASSWORD = "a-brand-new-password-42";
    const changed = await call(
      "/change-password",
      {
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        revokeOtherSessions: true,
      },
      "10.9.0.2",
      a.cookie,
    );
    expect(changed.status).toBe(200);
    const { token: newToken } = (await changed.json()) as { token: string };

    const events = eventsFor(u.id);
    const actions = events.map((e) => e.action);
    expect(actions.filter((x) => x === "auth.sign_in")).toHaveLength(4);
    expect(actions).toContain("auth.sign_out");
    expect(actions).toContain("user.name_changed");
    expect(actions).toContain("auth.password_changed");
    // b by hand, then the form session and a itself when the password change revokes every session (a gets a new one).
    expect(actions.filter((x) => x === "auth.session_revoked")).toHaveLength(3);
    const signIns = events
      .filter((e) => e.action === "auth.sign_in")
      .map(
        (e) =>
          JSON.parse(e.after ?? "{}") as { through: string; address: string },
      );
    expect(signIns.map((s) => s.through)).toEqual([
      "form",
      "api",
      "api",
      "api",
    ]);
    expect(signIns.map((s) => s.address)).toEqual([
      "10.9.0.1",
      "10.9.0.2",
      "10.9.0.3",
      "10.9.0.4",
    ]);
    const named = events.find((e) => e.action === "user.name_changed");
    expect(JSON.parse(named?.before ?? "{}")).toEqual({ name: u.name });
    expect(JSON.parse(named?.after ?? "{}")).toEqual({
      name: "Renamed Person",
    });
    expect(actions[0]).toBe("user.created");
    expect(events.slice(1).every((e) => e.actorId === u.id)).toBe(true);

    // No secret material anywhere in the trail: passwords, session tokens, cookies, the password hash.
    const hash =
      getDb()
        .select({ password: account.password })
        .from(account)
        .where(
          and(eq(account.userId, u.id), eq(account.providerId, "credential")),
        )
        .get()?.password ?? "";
    const trail = JSON.stringify(getDb().select().from(auditEvents).all());
    for (const secret of [
      PASSWORD,
      NEW_PASSWORD,
      a.token,
      b.token,
      c.token,
      newToken,
      a.cookie,
      hash,
    ]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(trail.includes(secret)).toBe(false);
    }
    expect(verifyAuditChain(getDb(), { anchorFile: null }).ok).toBe(true);
  });

  it("records one event per failed burst that crosses the limit, not one per failure", async () => {
    const u = await makeUser("reviewer");
    for (let i = 0; i < 12; i++) {
      const res = await call(
        "/sign-in/email",
        { email: u.email, password: `wrong-password-${i}` },
        `10.8.0.${i}`,
      );
      expect(res.status).toBe(i < 10 ? 401 : 429);
    }
    request.headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "10.8.1.1" });
    await expect(
      signIn({ email: u.email, password: "wrong-again-1" }),
    ).rejects.toThrow(/Too many failed sign-ins/);
    const limited = eventsFor(`email:${u.email}`);
    expect(limited.map((e) => e.action)).toEqual(["auth.sign_in_limited"]);
    expect(JSON.parse(limited[0]?.after ?? "{}")).toMatchObject({
      limit: "account",
      email: u.email,
      address: "10.8.0.9",
      through: "api",
    });
    expect(limited[0]?.actorLabel).toBe("anonymous");
    expect(JSON.stringify(limited)).not.toMatch(/wrong-password/);
  });

  it("MLflow HTTP Basic: failures crossing the limit once, a password sign-in at most once an hour", async () => {
    const u = await makeUser("data_scientist");
    const basic = (password: string, from: string) =>
      mlflowActor(
        new Request(`${BASE}/api/2.0/mlflow/registered-models/search`, {
          headers: {
            Authorization: `Basic ${Buffer.from(`${u.email}:${password}`).toString("base64")}`,
            [CLIENT_ADDRESS_HEADER]: from,
          },
        }),
      );
    await basic(PASSWORD, "10.7.0.1");
    await basic(PASSWORD, "10.7.0.1");
    const signIns = eventsFor(u.id).filter((e) => e.action === "auth.sign_in");
    expect(signIns).toHaveLength(1);
    expect(JSON.parse(signIns[0]?.after ?? "{}")).toEqual({
      through: "mlflow-basic",
      address: "10.7.0.1",
    });

    const other = await makeUser("data_scientist");
    for (let i = 0; i < 11; i++) {
      await expect(
        mlflowActor(
          new Request(`${BASE}/api/2.0/mlflow/registered-models/search`, {
            headers: {
              Authorization: `Basic ${Buffer.from(`${other.email}:nope-${i}`).toString("base64")}`,
              [CLIENT_ADDRESS_HEADER]: "10.7.1.1",
            },
          }),
        ),
      ).rejects.toThrow();
    }
    const limited = eventsFor(`email:${other.email}`);
    expect(limited).toHaveLength(1);
    expect(JSON.parse(limited[0]?.after ?? "{}")).toMatchObject({
      through: "mlflow-basic",
      limit: "account",
    });
    expect(JSON.stringify(limited)).not.toMatch(/nope-/);
  });

  it("audits a burst and a Basic sign-in once per window across processes, not once per process", async () => {
    // Each worker process has its own memory: a second one (here: this one with its memory
    // forgotten) handling the same burst or the same Basic user in the same window adds nothing.
    const u = await makeUser("data_scientist");
    const now = Date.now();
    const keys = [`email:${u.email}`];
    for (let i = 0; i < 10; i++) recordFailure(keys, now);
    auditSignInLimit(keys, "api", "10.5.0.1", now);
    forgetAuditWindows();
    recordFailure(keys, now + 1000);
    auditSignInLimit(keys, "form", "10.5.0.2", now + 1000);
    expect(eventsFor(`email:${u.email}`).map((e) => e.action)).toEqual([
      "auth.sign_in_limited",
    ]);

    auditBasicSignIn({ ...u, via: "mlflow-basic" }, "10.5.1.1", now);
    forgetAuditWindows();
    auditBasicSignIn({ ...u, via: "mlflow-basic" }, "10.5.1.2", now + 60_000);
    expect(
      eventsFor(u.id).filter((e) => e.action === "auth.sign_in"),
    ).toHaveLength(1);
    // After the hour, the next process to see the password in use records it again.
    forgetAuditWindows();
    auditBasicSignIn(
      { ...u, via: "mlflow-basic" },
      "10.5.1.3",
      now + 2 * 3_600_000,
    );
    expect(
      eventsFor(u.id).filter((e) => e.action === "auth.sign_in"),
    ).toHaveLength(2);
  });

  it("deactivating a user says how many sessions it ended", async () => {
    const admin = await makeUser("admin");
    const u = await makeUser("manager");
    await endpointSignIn(u.email, PASSWORD, "10.6.0.1");
    await endpointSignIn(u.email, PASSWORD, "10.6.0.2");
    setActive(admin, { userId: u.id, active: false });
    expect(
      getDb().select().from(session).where(eq(session.userId, u.id)).all(),
    ).toHaveLength(0);
    const ev = eventsFor(u.id).find((e) => e.action === "user.deactivated");
    expect(JSON.parse(ev?.after ?? "{}")).toEqual({
      active: false,
      sessions_ended: 2,
    });
    expect(SYSTEM_ACTOR.via).toBe("system");
  });
  it("shows sign-in records (addresses, e-mails) to admins, and to everyone else only their own", async () => {
    const u = await makeUser("data_scientist");
    const manager = await makeUser("manager");
    const admin = await makeUser("admin");
    for (const [who, from] of [
      [u, "198.51.100.9"],
      [manager, "198.51.100.10"],
    ] as const) {
      const signedIn = await call(
        "/sign-in/email",
        { email: who.email, password: PASSWORD },
        from,
      );
      expect(signedIn.status).toBe(200);
    }
    const signInsSeenBy = (who: typeof u) =>
      searchAudit(who, { action: "auth.sign_in", limit: 1000 }).events.map(
        (e) => e.actorId,
      );
    expect(signInsSeenBy(admin)).toEqual(
      expect.arrayContaining([u.id, manager.id]),
    );
    expect(signInsSeenBy(manager)).toContain(manager.id);
    expect(signInsSeenBy(manager)).not.toContain(u.id);
    expect(signInsSeenBy(u)).not.toContain(manager.id);
  });
});
