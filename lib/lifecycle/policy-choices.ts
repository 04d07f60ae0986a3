// What the policy forms offer to pick from: the people who may approve (by name, not id) and the
// models an override can be for. Also the check that a policy's approvers are such people.
import "server-only";
import { asc, inArray, isNull } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { registeredModels, user, type Role } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, roleCan } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";

export type ApproverChoice = {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** False for a deactivated account, or one whose role can no longer decide (kept so a policy
   *  that still names it shows it, and saving does not drop it unseen). */
  eligible: boolean;
};

export type PolicyChoices = { approvers: ApproverChoice[]; models: string[] };

export function policyChoices(actor: Actor): PolicyChoices {
  assertCan(actor, "policies.manage");
  const db = getDb();
  return {
    approvers: usersAsChoices(db)
      // Accounts that cannot decide are offered only if some policy already names them; the form
      // adds those itself from the policy's ids.
      .filter((u) => u.eligible),
    models: db
      .select({ name: registeredModels.name })
      .from(registeredModels)
      .where(isNull(registeredModels.deletedAt))
      .orderBy(asc(registeredModels.name))
      .all()
      .map((m) => m.name),
  };
}

/** The named accounts of `ids`, eligible or not (for a policy that names someone who left). */
export function approversByIds(actor: Actor, ids: string[]): ApproverChoice[] {
  assertCan(actor, "policies.manage");
  if (ids.length === 0) return [];
  return usersAsChoices(getDb(), ids);
}

/** Refuses approver ids that are not active accounts allowed to decide, naming the field. */
export function assertApprovers(tx: Tx, ids: string[]): void {
  if (ids.length === 0) return;
  const known = new Map(usersAsChoices(tx, ids).map((u) => [u.id, u]));
  const bad = ids.filter((id) => !known.get(id)?.eligible);
  if (bad.length === 0) return;
  const message = `approver_ids: ${bad
    .map((id) => {
      const u = known.get(id);
      return u ? `${u.name} (${u.email}) cannot review` : `no user '${id}'`;
    })
    .join("; ")}; pick reviewers or admins`;
  throw new DomainError("invalid", message, {
    fields: { approver_ids: [message] },
  });
}

function usersAsChoices(db: Db | Tx, ids?: string[]): ApproverChoice[] {
  return db
    .select({
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      deactivatedAt: user.deactivatedAt,
    })
    .from(user)
    .where(ids ? inArray(user.id, ids) : undefined)
    .orderBy(asc(user.name))
    .all()
    .map(({ deactivatedAt, ...u }) => ({
      ...u,
      eligible: deactivatedAt === null && roleCan(u.role, "reviews.decide"),
    }));
}
