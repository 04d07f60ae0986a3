// Retirement: a governed request (reason, replacement, sunset date, retention) that goes through the
// reviewer inbox under the `retired` policy; on approval the model or version is deprecated until
// its sunset, then retired (not served, read-only), and its files are released after retention.
import "server-only";
import { createHash } from "node:crypto";
import {
  and,
  desc,
  eq,
  gte,
  inArray,
  isNull,
  ne,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { preparedQuery } from "@/db/prepared";
import {
  deployments,
  metricRollups,
  modelAliases,
  modelVersions,
  registeredModels,
  RETIREMENT_STATUSES,
  retirements,
  transitionRequests,
  user,
  webhooks,
  type RegisteredModelRow,
  type RetirementRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import {
  assertModelAccess,
  assertModelAccessByName,
} from "@/lib/registry/model-permissions";
import { artifactRetentionDays } from "@/lib/config";
import { DomainError, parseInput, type Input } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { effectivePolicy } from "@/lib/lifecycle/policies";
import { approvers } from "@/lib/lifecycle/review-state";
import { assertWritable, loadModel, loadVersion } from "@/lib/registry/load";
import {
  approveRetirement,
  executeRetirement,
  replacementOf,
  subjectOf,
} from "./apply";
import {
  restoreSchema,
  retireNowSchema,
  retirementRequestSchema,
  type RetirementRequestInput,
  type RetireNowInput,
} from "./retirement.validation";
import { formatDate } from "@/lib/format";

const DAY = 86_400_000;

export type RetirementDto = {
  id: number;
  request_id: number;
  model: string;
  /** Null: the whole model with all its versions. */
  version: number | null;
  category: RetirementRow["category"];
  reason: string;
  replacement: { model: string; version: number | null } | null;
  sunset_at: number;
  retention_days: number;
  status: RetirementRow["status"];
  requested_by: { id: string; name: string } | null;
  created_at: number;
  approved_at: number | null;
  retired_at: number | null;
  release_after: number | null;
  released_at: number | null;
  bytes_freed: number | null;
  restored_at: number | null;
  notices_sent: number[];
};

export function requestRetirement(
  actor: Actor,
  modelName: string,
  version: string | number | null,
  input: Input<RetirementRequestInput>,
): RetirementDto {
  assertCan(actor, "requests.create");
  assertModelAccessByName(
    actor,
    version === null ? "models.update" : "versions.write",
    modelName,
  );
  const data = parseInput(retirementRequestSchema, input);
  return getDb().transaction(
    (tx) => {
      const { model, versionId, fromStage } = scopeOf(tx, modelName, version);
      // Retiring a version is editing the model; retiring the whole model is managing it.
      const { actingAsAdmin } = assertModelAccess(
        tx,
        actor,
        versionId === null ? "models.update" : "versions.write",
        model,
      );
      const replacement = resolveReplacement(tx, model, versionId, data);
      const now = Date.now();
      const retentionDays = data.retention_days ?? artifactRetentionDays();
      const details = {
        category: data.category,
        reason: data.reason,
        replacement,
        sunset_at: data.sunset_date,
        retention_days: retentionDays,
      };
      const request = tx
        .insert(transitionRequests)
        .values({
          modelId: model.id,
          versionId,
          fromStage,
          toStage: "retired",
          kind: "retirement",
          requestedBy: actor.id,
          comment: data.reason,
          evidenceHash: createHash("sha256")
            .update(JSON.stringify(details))
            .digest("hex"),
          createdAt: now,
        })
        .returning()
        .get();
      const row = tx
        .insert(retirements)
        .values({
          requestId: request.id,
          modelId: model.id,
          versionId,
          category: data.category,
          reason: data.reason,
          replacementModelId: replacement?.modelId ?? null,
          replacementVersionId: replacement?.versionId ?? null,
          sunsetAt: data.sunset_date,
          retentionDays,
          createdBy: actor.id,
          createdAt: now,
        })
        .returning()
        .get();
      const subject = subjectOf(tx, row);
      const policy = effectivePolicy(tx, model.id, "retired");
      emit(
        tx,
        actor,
        {
          action: "retirement.requested",
          entityType: "retirement",
          entityId: row.id,
          after: {
            model: model.name,
            version: subject.version,
            request_id: request.id,
            category: data.category,
            reason: data.reason,
            sunset_at: new Date(data.sunset_date).toISOString(),
            retention_days: retentionDays,
            replacement: replacementOf(tx, row),
          },
          actingAsAdmin,
        },
        approvers(tx, policy).map((userId) => ({
          userId,
          kind: "review_waiting",
          message: `${actor.name} asks to retire ${subject.label} (sunset ${formatDate(data.sunset_date)})`,
          link: "/reviews",
        })),
      );
      if (policy.requiredApprovals === 0)
        approveRetirement(tx, actor, request, now);
      return toDto(
        tx,
        tx
          .select()
          .from(retirements)
          .where(eq(retirements.id, row.id))
          .get() as RetirementRow,
      );
    },
    { behavior: "immediate" },
  );
}

/**
 * An admin retires at once, with a reason: recorded as an override, applied in one transaction.
 * A retirement already scheduled for the same model or version reaches its sunset now; a request
 * still waiting for review is cancelled, superseded by this one.
 */
export function retireNow(
  actor: Actor,
  modelName: string,
  version: string | number | null,
  input: Input<RetireNowInput>,
): RetirementDto {
  assertCan(actor, "transitions.override");
  const data = parseInput(retireNowSchema, input);
  return getDb().transaction(
    (tx) => {
      const pending = pendingOfScope(tx, modelName, version);
      const now = Date.now();
      if (pending?.status === "scheduled") {
        tx.update(retirements)
          .set({ sunsetAt: now })
          .where(eq(retirements.id, pending.id))
          .run();
        emit(tx, actor, {
          action: "retirement.override",
          entityType: "retirement",
          entityId: pending.id,
          before: { sunset_at: new Date(pending.sunsetAt).toISOString() },
          after: {
            sunset_at: new Date(now).toISOString(),
            reason: data.reason,
            override: true,
          },
        });
        executeRetirement(tx, actor, { ...pending, sunsetAt: now }, now);
        return toDto(
          tx,
          tx
            .select()
            .from(retirements)
            .where(eq(retirements.id, pending.id))
            .get() as RetirementRow,
        );
      }
      if (pending?.status === "requested") {
        tx.update(transitionRequests)
          .set({
            status: "cancelled",
            resolvedBy: actor.id,
            resolvedAt: now,
            resolutionComment: "superseded: an admin retired it at once",
          })
          .where(eq(transitionRequests.id, pending.requestId))
          .run();
        tx.update(retirements)
          .set({ status: "cancelled" })
          .where(eq(retirements.id, pending.id))
          .run();
        emit(tx, actor, {
          action: "retirement.cancelled",
          entityType: "transition_request",
          entityId: pending.requestId,
          before: { status: "open" },
          after: {
            status: "cancelled",
            reason: "superseded by an immediate retirement",
          },
        });
      }
      const { model, versionId, fromStage } = scopeOf(tx, modelName, version);
      const replacement = resolveReplacement(tx, model, versionId, data);
      const retentionDays = data.retention_days ?? artifactRetentionDays();
      const request = tx
        .insert(transitionRequests)
        .values({
          modelId: model.id,
          versionId,
          fromStage,
          toStage: "retired",
          kind: "retirement",
          status: "applied",
          requestedBy: actor.id,
          comment: data.reason,
          evidenceHash: "override",
          override: true,
          resolvedBy: actor.id,
          resolvedAt: now,
          createdAt: now,
        })
        .returning()
        .get();
      const row = tx
        .insert(retirements)
        .values({
          requestId: request.id,
          modelId: model.id,
          versionId,
          category: data.category,
          reason: data.reason,
          replacementModelId: replacement?.modelId ?? null,
          replacementVersionId: replacement?.versionId ?? null,
          sunsetAt: now,
          retentionDays,
          status: "scheduled",
          approvedAt: now,
          createdBy: actor.id,
          createdAt: now,
        })
        .returning()
        .get();
      const subject = subjectOf(tx, row);
      emit(tx, actor, {
        action: "retirement.override",
        entityType: "retirement",
        entityId: row.id,
        after: {
          model: model.name,
          version: subject.version,
          reason: data.reason,
          category: data.category,
          override: true,
        },
      });
      executeRetirement(tx, actor, row, now);
      return toDto(
        tx,
        tx
          .select()
          .from(retirements)
          .where(eq(retirements.id, row.id))
          .get() as RetirementRow,
      );
    },
    { behavior: "immediate" },
  );
}

/**
 * An admin undoes a retirement before its files are released: the model is active again and the
 * versions come back as Archived (promote them again through the normal flow). Deployments stay
 * stopped and aliases stay removed; set them up again on purpose.
 */
export function restoreRetirement(
  actor: Actor,
  id: number,
  input: Input<{ reason: string }>,
): RetirementDto {
  assertCan(actor, "transitions.override");
  const data = parseInput(restoreSchema, input);
  return getDb().transaction(
    (tx) => {
      const r = tx
        .select()
        .from(retirements)
        .where(eq(retirements.id, id))
        .get();
      if (!r) throw new DomainError("not_found", `Retirement #${id} not found`);
      if (r.status === "released")
        throw new DomainError(
          "conflict",
          `Retirement #${id} cannot be restored: its artifact files were released on ${formatDate(r.releasedAt ?? 0)}`,
        );
      if (r.status !== "scheduled" && r.status !== "retired")
        throw new DomainError(
          "conflict",
          `Retirement #${id} is ${r.status}; only a scheduled or retired one can be restored`,
        );
      const now = Date.now();
      const subject = subjectOf(tx, r);
      const restored: number[] = [];
      if (r.status === "retired") {
        const versions = tx
          .select()
          .from(modelVersions)
          .where(
            and(
              eq(modelVersions.modelId, r.modelId),
              isNull(modelVersions.deletedAt),
              eq(modelVersions.stage, "retired"),
              r.versionId === null
                ? undefined
                : eq(modelVersions.id, r.versionId),
            ),
          )
          .all();
        for (const v of versions) {
          tx.update(modelVersions)
            .set({ stage: "archived", stageChangedAt: now, updatedAt: now })
            .where(eq(modelVersions.id, v.id))
            .run();
          restored.push(v.version);
          emit(tx, actor, {
            action: "version.stage_changed",
            entityType: "model_version",
            entityId: v.id,
            before: {
              model: subject.model.name,
              version: v.version,
              stage: "retired",
            },
            after: { stage: "archived", reason: `restored: ${data.reason}` },
          });
        }
      }
      if (r.versionId === null)
        tx.update(registeredModels)
          .set({ status: "active", updatedAt: now })
          .where(eq(registeredModels.id, r.modelId))
          .run();
      tx.update(retirements)
        .set({ status: "restored", restoredAt: now })
        .where(eq(retirements.id, r.id))
        .run();
      emit(tx, actor, {
        action: "retirement.restored",
        entityType: "retirement",
        entityId: r.id,
        before: { status: r.status },
        after: {
          status: "restored",
          model: subject.model.name,
          version: subject.version,
          versions: restored,
          reason: data.reason,
        },
      });
      return toDto(tx, { ...r, status: "restored", restoredAt: now });
    },
    { behavior: "immediate" },
  );
}

export function listRetirements(
  actor: Actor,
  opts: { status?: string; model?: string } = {},
): RetirementDto[] {
  assertCan(actor, "models.read");
  const db = getDb();
  const filters: (SQL | undefined)[] = [];
  if (opts.status) {
    const wanted = opts.status.split(",");
    const bad = wanted.find(
      (s) => !(RETIREMENT_STATUSES as readonly string[]).includes(s),
    );
    if (bad)
      throw new DomainError(
        "invalid",
        `status must be one of ${RETIREMENT_STATUSES.join(", ")}`,
        { fields: { status: [`Unknown status '${bad}'`] } },
      );
    filters.push(
      inArray(retirements.status, wanted as RetirementRow["status"][]),
    );
  }
  if (opts.model)
    filters.push(eq(retirements.modelId, loadModel(db, opts.model).id));
  return db
    .select()
    .from(retirements)
    .where(and(...filters))
    .orderBy(desc(retirements.id))
    .limit(500)
    .all()
    .map((r) => toDto(db, r));
}

export function getRetirement(actor: Actor, id: number): RetirementDto {
  assertCan(actor, "models.read");
  const db = getDb();
  const r = db.select().from(retirements).where(eq(retirements.id, id)).get();
  if (!r) throw new DomainError("not_found", `Retirement #${id} not found`);
  return toDto(db, r);
}

/** The retirement (requested, scheduled or done) a model or version page should show, if any. */
export function currentRetirement(
  actor: Actor,
  modelName: string,
  version?: number,
): RetirementDto | null {
  assertCan(actor, "models.read");
  const db = getDb();
  const model = loadModel(db, modelName);
  const versionId =
    version === undefined ? null : loadVersion(db, model, version).id;
  const row = liveRetirementsOfModel(db)
    .all({ modelId: model.id })
    .filter((r) => r.versionId === null || r.versionId === versionId)
    // A whole-model retirement wins over the version's own only once approved.
    .sort((a, b) => rank(a) - rank(b))[0];
  return row ? toDto(db, row) : null;
}

// Every page of a model asks this; most models have none, so it is one indexed read.
const liveRetirementsOfModel = preparedQuery((db) =>
  db
    .select()
    .from(retirements)
    .where(
      and(
        eq(retirements.modelId, sql.placeholder("modelId")),
        inArray(retirements.status, [
          "requested",
          "scheduled",
          "retired",
          "released",
        ]),
      ),
    )
    .orderBy(desc(retirements.id))
    .prepare(),
);

const rank = (r: RetirementRow) =>
  ({
    released: 0,
    retired: 1,
    scheduled: 2,
    requested: 3,
    restored: 4,
    rejected: 5,
    cancelled: 6,
  })[r.status] + (r.versionId === null ? 0 : 0.5);

export type RetirementImpact = {
  deployments: {
    id: number;
    version: number;
    environment: string;
    target: string;
    status: string;
  }[];
  aliases: { alias: string; version: number }[];
  requests_7d: number;
  open_requests: {
    id: number;
    version: number | null;
    to_stage: string;
    kind: string;
  }[];
  /** `url` only for those who manage webhooks: a webhook URL is often a secret. */
  webhooks: { id: number; url?: string; events: string[] }[];
  checklist: string[];
};

/** What still depends on the model or version: shown to the reviewer before approval. */
export function retirementImpact(
  db: Db | Tx,
  viewer: Actor | null,
  modelId: number,
  versionId: number | null,
  excludeRequestId?: number,
  now = Date.now(),
): RetirementImpact {
  const versions = db
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, modelId),
        isNull(modelVersions.deletedAt),
        versionId === null ? undefined : eq(modelVersions.id, versionId),
      ),
    )
    .all();
  const ids = versions.map((v) => v.id);
  const number = new Map(versions.map((v) => [v.id, v.version]));
  const deps = ids.length
    ? db
        .select()
        .from(deployments)
        .where(
          and(
            inArray(deployments.versionId, ids),
            ne(deployments.status, "stopped"),
          ),
        )
        .all()
    : [];
  const aliasRows = ids.length
    ? db
        .select()
        .from(modelAliases)
        .where(
          and(
            eq(modelAliases.modelId, modelId),
            inArray(modelAliases.versionId, ids),
          ),
        )
        .all()
    : [];
  const allDeps = ids.length
    ? db
        .select({ id: deployments.id })
        .from(deployments)
        .where(inArray(deployments.versionId, ids))
        .all()
        .map((d) => d.id)
    : [];
  const traffic = allDeps.length
    ? (db
        .select({ n: sql<number>`coalesce(sum(${metricRollups.count}), 0)` })
        .from(metricRollups)
        .where(
          and(
            inArray(metricRollups.deploymentId, allDeps),
            eq(metricRollups.name, "latency_ms"),
            gte(metricRollups.minute, now - 7 * DAY),
          ),
        )
        .get()?.n ?? 0)
    : 0;
  const open = db
    .select()
    .from(transitionRequests)
    .where(
      and(
        eq(transitionRequests.status, "open"),
        excludeRequestId
          ? ne(transitionRequests.id, excludeRequestId)
          : undefined,
        versionId === null
          ? eq(transitionRequests.modelId, modelId)
          : eq(transitionRequests.versionId, versionId),
      ),
    )
    .all();
  const hooks = db
    .select()
    .from(webhooks)
    .where(eq(webhooks.active, true))
    .all();
  const checklist = [
    ...deps.map(
      (d) =>
        `Stop deployment #${d.id} (v${number.get(d.versionId)} in ${d.environment}${d.target === "external" ? `, ${d.platform ?? "external"}` : ""}) or move its traffic to the replacement`,
    ),
    ...aliasRows.map(
      (a) =>
        `Move the alias '${a.alias}' (now on v${number.get(a.versionId)}) to the replacement`,
    ),
    ...(traffic > 0
      ? [`Tell the consumers sending ${traffic} requests in the last 7 days`]
      : []),
    ...(hooks.length
      ? [`${hooks.length} webhook subscriber(s) receive the retirement events`]
      : []),
  ];
  return {
    deployments: deps.map((d) => ({
      id: d.id,
      version: number.get(d.versionId) as number,
      environment: d.environment,
      target: d.target,
      status: d.status,
    })),
    aliases: aliasRows.map((a) => ({
      alias: a.alias,
      version: number.get(a.versionId) as number,
    })),
    requests_7d: Number(traffic),
    open_requests: open.map((q) => ({
      id: q.id,
      version: q.versionId === null ? null : (number.get(q.versionId) ?? null),
      to_stage: q.toStage,
      kind: q.kind,
    })),
    webhooks: hooks.map((h) => ({
      id: h.id,
      ...(can(viewer, "webhooks.manage") ? { url: h.url } : {}),
      events: JSON.parse(h.events) as string[],
    })),
    checklist,
  };
}

export function impactOf(actor: Actor, retirementId: number): RetirementImpact {
  assertCan(actor, "models.read");
  const db = getDb();
  const r = db
    .select()
    .from(retirements)
    .where(eq(retirements.id, retirementId))
    .get();
  if (!r)
    throw new DomainError("not_found", `Retirement #${retirementId} not found`);
  return retirementImpact(db, actor, r.modelId, r.versionId, r.requestId);
}

export function toDto(db: Db | Tx, r: RetirementRow): RetirementDto {
  const subject = subjectOf(db as Tx, r);
  const requester = r.createdBy
    ? (db
        .select({ id: user.id, name: user.name })
        .from(user)
        .where(eq(user.id, r.createdBy))
        .get() ?? null)
    : null;
  return {
    id: r.id,
    request_id: r.requestId,
    model: subject.model.name,
    version: subject.version,
    category: r.category,
    reason: r.reason,
    replacement: replacementOf(db as Tx, r),
    sunset_at: r.sunsetAt,
    retention_days: r.retentionDays,
    status: r.status,
    requested_by: requester,
    created_at: r.createdAt,
    approved_at: r.approvedAt,
    retired_at: r.retiredAt,
    release_after: r.releaseAfter,
    released_at: r.releasedAt,
    bytes_freed: r.bytesFreed,
    restored_at: r.restoredAt,
    notices_sent: JSON.parse(r.noticesSent) as number[],
  };
}

/** A requested or scheduled retirement of exactly this model (version null) or version. */
function pendingOfScope(
  tx: Tx,
  modelName: string,
  version: string | number | null,
): RetirementRow | undefined {
  const model = loadModel(tx, modelName);
  const versionId =
    version === null ? null : loadVersion(tx, model, version).id;
  return tx
    .select()
    .from(retirements)
    .where(
      and(
        eq(retirements.modelId, model.id),
        inArray(retirements.status, ["requested", "scheduled"]),
        versionId === null
          ? isNull(retirements.versionId)
          : eq(retirements.versionId, versionId),
      ),
    )
    .get();
}

/** The model and version a retirement covers, checked: not retired, not already being retired. */
function scopeOf(
  tx: Tx,
  modelName: string,
  version: string | number | null,
): {
  model: RegisteredModelRow;
  versionId: number | null;
  fromStage: "none" | "staging" | "production" | "archived" | "retired";
} {
  const model = loadModel(tx, modelName);
  const v = version === null ? null : loadVersion(tx, model, version);
  assertWritable(model, v ?? undefined);
  const pending = tx
    .select()
    .from(retirements)
    .where(
      and(
        eq(retirements.modelId, model.id),
        inArray(retirements.status, ["requested", "scheduled"]),
        v === null
          ? undefined
          : or(isNull(retirements.versionId), eq(retirements.versionId, v.id)),
      ),
    )
    .all()
    .find((r) => v !== null || r.versionId === null);
  if (pending) {
    const what =
      pending.versionId === null
        ? `'${model.name}' (all versions)`
        : `v${v?.version}`;
    throw new DomainError(
      "conflict",
      `A retirement of ${what} is already ${pending.status} (#${pending.id}, sunset ${formatDate(pending.sunsetAt)})`,
      { retirement_id: pending.id },
    );
  }
  return { model, versionId: v?.id ?? null, fromStage: v?.stage ?? "none" };
}

function resolveReplacement(
  tx: Tx,
  model: RegisteredModelRow,
  versionId: number | null,
  data: { replacement_model?: string; replacement_version?: number },
): { modelId: number; versionId: number | null } | null {
  if (
    data.replacement_model === undefined &&
    data.replacement_version === undefined
  )
    return null;
  const target =
    data.replacement_model === undefined
      ? model
      : loadReplacementModel(tx, data.replacement_model);
  if (versionId === null && target.id === model.id)
    throw new DomainError(
      "invalid",
      "A whole model cannot be replaced by one of its own versions",
      { fields: { replacement_model: ["Name another model"] } },
    );
  if (target.status === "retired")
    throw new DomainError(
      "invalid",
      `The replacement '${target.name}' is retired`,
      { fields: { replacement_model: ["Retired"] } },
    );
  if (data.replacement_version === undefined)
    return { modelId: target.id, versionId: null };
  const v = tx
    .select()
    .from(modelVersions)
    .where(
      and(
        eq(modelVersions.modelId, target.id),
        eq(modelVersions.version, data.replacement_version),
        isNull(modelVersions.deletedAt),
      ),
    )
    .get();
  if (!v)
    throw new DomainError(
      "invalid",
      `The replacement '${target.name}' has no version ${data.replacement_version}`,
      { fields: { replacement_version: ["No such version"] } },
    );
  if (v.id === versionId)
    throw new DomainError("invalid", "A version cannot replace itself", {
      fields: { replacement_version: ["Name another version"] },
    });
  if (v.stage === "retired")
    throw new DomainError(
      "invalid",
      `The replacement v${v.version} is retired`,
      { fields: { replacement_version: ["Retired"] } },
    );
  return { modelId: target.id, versionId: v.id };
}

function loadReplacementModel(tx: Tx, name: string): RegisteredModelRow {
  const m = tx
    .select()
    .from(registeredModels)
    .where(
      and(eq(registeredModels.name, name), isNull(registeredModels.deletedAt)),
    )
    .get();
  if (!m)
    throw new DomainError(
      "invalid",
      `The replacement model '${name}' does not exist`,
      { fields: { replacement_model: ["No such model"] } },
    );
  return m;
}
