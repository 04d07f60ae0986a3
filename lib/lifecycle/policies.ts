// Promotion policies: per target stage, a default for every model and optional per-model overrides.
import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  POLICY_STAGES,
  policies,
  registeredModels,
  type PolicyStage,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { DomainError, parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { loadModel } from "@/lib/registry/load";
import { aliasSchema } from "@/lib/registry/registry.validation";
import { parseGate } from "./gates";
import { now as clockNow } from "@/lib/clock";
import { assertApprovers } from "./policy-choices";

export type Policy = {
  stage: PolicyStage;
  requiredApprovals: number;
  approverIds: string[];
  gates: string[];
  singleVersion: boolean;
  championFollows: boolean;
  /** Production only: aliases that move only through an approved request (kind "alias"). */
  protectedAliases: string[];
  source: "model" | "default" | "built-in";
};

/** One approval by anyone who may review, and none of the production rules. */
const ONE_APPROVAL: Omit<Policy, "stage" | "source"> = {
  requiredApprovals: 1,
  approverIds: [],
  gates: [],
  singleVersion: false,
  championFollows: false,
  protectedAliases: [],
};

/**
 * Used when no policy row exists: one approval for staging, two for production, one to retire.
 * `champion` is protected by default because it is what clients and the built-in endpoint follow.
 */
export const BUILT_IN: Record<PolicyStage, Omit<Policy, "stage" | "source">> = {
  staging: ONE_APPROVAL,
  production: {
    ...ONE_APPROVAL,
    requiredApprovals: 2,
    singleVersion: true,
    protectedAliases: ["champion"],
  },
  archived: ONE_APPROVAL,
  // The retirement policy: approvals and approvers only (gates, single version and champion do not apply).
  retired: ONE_APPROVAL,
};

// Every request, gate and page that shows a policy reads these: built once per connection.
const modelPolicy = preparedQuery((db) =>
  db
    .select()
    .from(policies)
    .where(
      and(
        eq(policies.modelId, sql.placeholder("modelId")),
        eq(policies.stage, sql.placeholder("stage")),
      ),
    )
    .prepare(),
);
const defaultPolicy = preparedQuery((db) =>
  db
    .select()
    .from(policies)
    .where(
      and(
        isNull(policies.modelId),
        eq(policies.stage, sql.placeholder("stage")),
      ),
    )
    .prepare(),
);

export function effectivePolicy(
  db: Db | Tx,
  modelId: number,
  stage: PolicyStage,
): Policy {
  const own = modelPolicy(db).get({ modelId, stage });
  const row = own ?? defaultPolicy(db).get({ stage });
  if (!row) return { stage, ...BUILT_IN[stage], source: "built-in" };
  return {
    stage,
    requiredApprovals: row.requiredApprovals,
    approverIds: JSON.parse(row.approverIds) as string[],
    gates: JSON.parse(row.gates) as string[],
    singleVersion: row.singleVersion,
    championFollows: row.championFollows,
    // Only the production policy protects aliases; the column's default is meaningless elsewhere.
    protectedAliases:
      stage === "production"
        ? (JSON.parse(row.protectedAliases) as string[])
        : [],
    source: own ? "model" : "default",
  };
}

/** The aliases of a model that move only through an approved request: its production policy's list. */
export function protectedAliasesOf(db: Db | Tx, modelId: number): string[] {
  return effectivePolicy(db, modelId, "production").protectedAliases;
}

/** The protected aliases of a model by name, for pages that offer alias moves. */
export function protectedAliasesFor(actor: Actor, modelName: string): string[] {
  assertCan(actor, "models.read");
  const db = getDb();
  return protectedAliasesOf(db, loadModel(db, modelName).id);
}

export const policyInputSchema = z
  .object({
    model: z.string().optional(),
    stage: z.enum(POLICY_STAGES, {
      message: `stage must be one of ${POLICY_STAGES.join(", ")}`,
    }),
    required_approvals: z.coerce
      .number({ message: "required_approvals must be a number" })
      .int()
      .min(0, { message: "required_approvals must be 0 or more" })
      .max(10, { message: "required_approvals must be at most 10" }),
    approver_ids: z
      .array(z.string())
      .max(100)
      .default([])
      .transform((ids) => [...new Set(ids)]),
    gates: z
      .array(z.string().max(500))
      .max(50)
      .default([])
      .superRefine((gates, ctx) => {
        gates.forEach((g, i) => {
          const parsed = parseGate(g);
          if ("error" in parsed)
            ctx.addIssue({
              code: "custom",
              path: [i],
              message: `Gate ${i + 1} ${parsed.error}`,
            });
        });
      }),
    single_version: z.boolean().default(true),
    champion_follows: z.boolean().default(false),
    // Left out: the list stays as it is (a new per-model policy starts from the default's list).
    protected_aliases: z
      .array(aliasSchema, {
        error: "protected_aliases must be a list of alias names",
      })
      .max(50, { message: "At most 50 protected aliases" })
      .optional(),
  })
  .refine((d) => d.stage !== "retired" || d.gates.every((g) => !g.trim()), {
    message:
      "A retirement policy has no gates (they judge a version's metrics for promotion)",
    path: ["gates"],
  })
  .refine((d) => d.stage === "production" || !d.protected_aliases?.length, {
    message:
      "Only the production policy protects aliases (an alias request is approved under it)",
    path: ["protected_aliases"],
  });
export type PolicyInput = z.input<typeof policyInputSchema>;

export function setPolicy(
  actor: Actor,
  input: PolicyInput | Record<string, unknown>,
): Policy {
  assertCan(actor, "policies.manage");
  const data = parseInput(policyInputSchema, input);
  return getDb().transaction(
    (tx) => {
      const model = data.model ? loadModel(tx, data.model) : null;
      // A typo'd or departed approver would make the policy unsatisfiable without anyone noticing.
      assertApprovers(tx, data.approver_ids);
      const scope = model
        ? eq(policies.modelId, model.id)
        : isNull(policies.modelId);
      const before = tx
        .select()
        .from(policies)
        .where(and(scope, eq(policies.stage, data.stage)))
        .get();
      const protectedAliases = data.protected_aliases
        ? [...new Set(data.protected_aliases)]
        : before
          ? (JSON.parse(before.protectedAliases) as string[])
          : effectivePolicy(tx, model?.id ?? -1, data.stage).protectedAliases;
      const values = {
        requiredApprovals: data.required_approvals,
        approverIds: JSON.stringify(data.approver_ids),
        gates: JSON.stringify(data.gates.map((g) => g.trim()).filter(Boolean)),
        singleVersion: data.single_version,
        championFollows: data.champion_follows,
        protectedAliases: JSON.stringify(
          data.stage === "production" ? protectedAliases : [],
        ),
        updatedAt: clockNow(),
      };
      if (before)
        tx.update(policies).set(values).where(eq(policies.id, before.id)).run();
      else
        tx.insert(policies)
          .values({ modelId: model?.id ?? null, stage: data.stage, ...values })
          .run();
      emit(tx, actor, {
        action: "policy.updated",
        entityType: "policy",
        entityId: `${model?.name ?? "*"}:${data.stage}`,
        before: before
          ? {
              required_approvals: before.requiredApprovals,
              gates: JSON.parse(before.gates),
              approver_ids: JSON.parse(before.approverIds),
              single_version: before.singleVersion,
              champion_follows: before.championFollows,
              protected_aliases: JSON.parse(before.protectedAliases),
            }
          : null,
        after: {
          required_approvals: values.requiredApprovals,
          gates: JSON.parse(values.gates),
          approver_ids: data.approver_ids,
          single_version: values.singleVersion,
          champion_follows: values.championFollows,
          protected_aliases: JSON.parse(values.protectedAliases),
        },
      });
      return effectivePolicy(tx, model?.id ?? -1, data.stage);
    },
    { behavior: "immediate" },
  );
}

/** Removes a model's own policy for a stage, so the default applies again. */
export function clearModelPolicy(
  actor: Actor,
  modelName: string,
  stage: PolicyStage,
): void {
  assertCan(actor, "policies.manage");
  getDb().transaction(
    (tx) => {
      const model = loadModel(tx, modelName);
      const row = tx
        .select()
        .from(policies)
        .where(and(eq(policies.modelId, model.id), eq(policies.stage, stage)))
        .get();
      if (!row)
        throw new DomainError(
          "not_found",
          `Model '${modelName}' has no policy of its own for ${stage}`,
        );
      tx.delete(policies).where(eq(policies.id, row.id)).run();
      emit(tx, actor, {
        action: "policy.cleared",
        entityType: "policy",
        entityId: `${model.name}:${stage}`,
        before: { required_approvals: row.requiredApprovals },
      });
    },
    { behavior: "immediate" },
  );
}

export type PolicyListing = { model: string | null; policy: Policy }[];

export function listPolicies(actor: Actor): PolicyListing {
  assertCan(actor, "models.read");
  const db = getDb();
  const defaults = POLICY_STAGES.map((stage) => ({
    model: null,
    policy: effectivePolicy(db, -1, stage),
  }));
  const own = db
    .select({
      name: registeredModels.name,
      modelId: policies.modelId,
      stage: policies.stage,
    })
    .from(policies)
    .innerJoin(registeredModels, eq(registeredModels.id, policies.modelId))
    .where(isNull(registeredModels.deletedAt))
    .orderBy(asc(registeredModels.name), asc(policies.stage))
    .all()
    .map((r) => ({
      model: r.name,
      policy: effectivePolicy(db, r.modelId as number, r.stage),
    }));
  return [...defaults, ...own];
}
