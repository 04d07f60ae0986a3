import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, session, user } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { makeUser } from "@/lib/testing/factories";
import { changeRole, createUser, listUsers, setActive } from "./users";

describe("users", () => {
  it("are created by admins only, with a hashed password and an audit event", async () => {
    const admin = await makeUser("admin");
    const created = await createUser(admin, {
      email: "  New.Person@Example.com ",
      role: "reviewer",
      password: "long-enough",
    });
    expect(created.email).toBe("new.person@example.com");
    const events = getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.entityId, created.id))
      .all();
    expect(events.map((e) => e.action)).toEqual(["user.created"]);
    expect(events[0]?.after).not.toContain("long-enough");

    const manager = await makeUser("manager");
    await expect(
      createUser(manager, {
        email: "x@example.com",
        role: "admin",
        password: "long-enough",
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuse a duplicate e-mail with a conflict and bad fields by name, changing nothing", async () => {
    const admin = await makeUser("admin");
    const before = listUsers(admin).length;
    await createUser(admin, {
      email: "dup@example.com",
      role: "manager",
      password: "long-enough",
    });
    await expect(
      createUser(admin, {
        email: "DUP@example.com",
        role: "manager",
        password: "long-enough",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    const bad = await createUser(admin, {
      email: "not-an-email",
      role: "boss",
      password: "short",
    }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DomainError);
    expect(
      Object.keys((bad as DomainError).details?.fields ?? {}).sort(),
    ).toEqual(["email", "password", "role"]);
    expect(listUsers(admin).length).toBe(before + 1);
  });

  it("deactivation ends the user's sessions; an admin cannot demote or deactivate themselves", async () => {
    const admin = await makeUser("admin");
    const ds = await makeUser("data_scientist");
    const now = new Date();
    getDb()
      .insert(session)
      .values({
        id: "s1",
        token: "t1",
        userId: ds.id,
        expiresAt: new Date(now.getTime() + 1e6),
        createdAt: now,
        updatedAt: now,
      })
      .run();
    setActive(admin, { userId: ds.id, active: false });
    expect(
      getDb().select().from(session).where(eq(session.userId, ds.id)).all(),
    ).toHaveLength(0);
    expect(
      getDb().select().from(user).where(eq(user.id, ds.id)).get()
        ?.deactivatedAt,
    ).toBeInstanceOf(Date);

    expect(() => setActive(admin, { userId: admin.id, active: false })).toThrow(
      /yourself/,
    );
    expect(() =>
      changeRole(admin, { userId: admin.id, role: "manager" }),
    ).toThrow(/own role/);
    expect(
      changeRole(SYSTEM_ACTOR, { userId: ds.id, role: "reviewer" }).role,
    ).toBe("reviewer");
  });
});
