// Accounts: created by admins (or the CLI and first-start seed), given one role, deactivated
// rather than deleted so the audit trail keeps naming them.
import "server-only";
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { asc, count, eq } from "drizzle-orm";
import { getDb, type Tx } from "@/db/client";
import { account, session, user, type UserRow } from "@/db/schema";
import { emit } from "@/lib/events/dispatch";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import {
  changeRoleSchema,
  createUserSchema,
  setActiveSchema,
  type CreateUserInput,
} from "./users.validation";
import { now as clockNow } from "@/lib/clock";

export type PublicUser = Pick<
  UserRow,
  "id" | "email" | "name" | "role" | "deactivatedAt" | "createdAt"
>;

export async function createUser(
  actor: Actor,
  input: Input<CreateUserInput>,
): Promise<PublicUser> {
  assertCan(actor, "users.manage");
  const data = parseInput(createUserSchema, input);
  // scrypt (memory-hard) runs outside the write transaction so the lock is held only briefly.
  const hash = await hashPassword(data.password);
  const db = getDb();
  return db.transaction(
    (tx) => {
      const existing = tx
        .select({ id: user.id })
        .from(user)
        .where(eq(user.email, data.email))
        .get();
      if (existing)
        throw new DomainError(
          "conflict",
          `A user with e-mail ${data.email} already exists`,
          { fields: { email: ["Already taken"] } },
        );
      const id = randomUUID();
      const now = new Date(clockNow());
      const row = tx
        .insert(user)
        .values({
          id,
          email: data.email,
          name: data.name ?? data.email.split("@")[0] ?? data.email,
          role: data.role,
          emailVerified: true,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      tx.insert(account)
        .values({
          id: randomUUID(),
          accountId: id,
          providerId: "credential",
          userId: id,
          password: hash,
          createdAt: now,
          updatedAt: now,
        })
        .run();
      emit(tx, actor, {
        action: "user.created",
        entityType: "user",
        entityId: id,
        after: { email: row.email, name: row.name, role: row.role },
      });
      return toPublic(row);
    },
    { behavior: "immediate" },
  );
}

export function listUsers(actor: Actor): PublicUser[] {
  assertCan(actor, "users.manage");
  return getDb()
    .select()
    .from(user)
    .orderBy(asc(user.email))
    .all()
    .map(toPublic);
}

export function changeRole(
  actor: Actor,
  input: { userId: string; role: string },
): PublicUser {
  assertCan(actor, "users.manage");
  const data = parseInput(changeRoleSchema, input);
  return getDb().transaction(
    (tx) => {
      const row = loadUser(tx, data.userId);
      if (row.role === data.role) return toPublic(row);
      if (row.id === actor.id)
        throw new DomainError(
          "invalid",
          "You cannot change your own role; ask another admin",
          { fields: { role: ["Cannot change your own role"] } },
        );
      const updated = tx
        .update(user)
        .set({ role: data.role, updatedAt: new Date() })
        .where(eq(user.id, row.id))
        .returning()
        .get();
      emit(tx, actor, {
        action: "user.role_changed",
        entityType: "user",
        entityId: row.id,
        before: { role: row.role },
        after: { role: data.role },
      });
      return toPublic(updated);
    },
    { behavior: "immediate" },
  );
}

/** Deactivating ends the user's sessions at once; their API tokens stop working through the same check. */
export function setActive(
  actor: Actor,
  input: { userId: string; active: boolean },
): PublicUser {
  assertCan(actor, "users.manage");
  const data = parseInput(setActiveSchema, input);
  return getDb().transaction(
    (tx) => {
      const row = loadUser(tx, data.userId);
      if (!data.active && row.id === actor.id)
        throw new DomainError("invalid", "You cannot deactivate yourself", {
          fields: { userId: ["Cannot deactivate yourself"] },
        });
      if (Boolean(row.deactivatedAt) === !data.active) return toPublic(row);
      const deactivatedAt = data.active ? null : new Date();
      const updated = tx
        .update(user)
        .set({ deactivatedAt, updatedAt: new Date() })
        .where(eq(user.id, row.id))
        .returning()
        .get();
      // Ends the sessions without better-auth (no hook): this event says how many, as a revocation would.
      const ended = data.active
        ? 0
        : tx.delete(session).where(eq(session.userId, row.id)).run().changes;
      emit(tx, actor, {
        action: data.active ? "user.reactivated" : "user.deactivated",
        entityType: "user",
        entityId: row.id,
        before: { active: !row.deactivatedAt },
        after: {
          active: data.active,
          ...(data.active ? {} : { sessions_ended: ended }),
        },
      });
      return toPublic(updated);
    },
    { behavior: "immediate" },
  );
}

export function countUsers(): number {
  return getDb().select({ n: count() }).from(user).get()?.n ?? 0;
}

function loadUser(tx: Tx, id: string): UserRow {
  const row = tx.select().from(user).where(eq(user.id, id)).get();
  if (!row)
    throw new DomainError("not_found", `No user with id ${id}`, {
      fields: { userId: ["Unknown user"] },
    });
  return row;
}

function toPublic(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    deactivatedAt: row.deactivatedAt,
    createdAt: row.createdAt,
  };
}
