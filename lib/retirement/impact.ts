// What still depends on a model or version about to be retired (deployments, aliases, traffic,
// open requests, webhooks): shown to the reviewer before approval and in the API's retirement detail.
import "server-only";
import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import {
  metricRollups,
  retirements,
  transitionRequests,
  webhooks,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan, can } from "@/lib/auth/permissions";
import { DomainError } from "@/lib/errors";
import { loadModel, loadVersion } from "@/lib/registry/load";
import {
  aliasesOnVersions,
  deploymentsOfVersions,
  liveCoveredVersions,
  runningDeploymentsOf,
} from "./lookups";
import { DAY } from "./retirement.validation";

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
  const versions = liveCoveredVersions(db, { modelId, versionId });
  const ids = versions.map((v) => v.id);
  const number = new Map(versions.map((v) => [v.id, v.version]));
  const deps = runningDeploymentsOf(db, ids);
  const aliasRows = aliasesOnVersions(db, modelId, ids);
  const allDeps = deploymentsOfVersions(db, ids).map((d) => d.id);
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

/** What retiring this model (version null) or version at once would stop and remove, for the
 *  admin's confirmation before "Retire now" (the same reading a reviewer sees before approving). */
export function retireNowImpact(
  actor: Actor,
  modelName: string,
  version: number | null,
): RetirementImpact {
  assertCan(actor, "transitions.override");
  const db = getDb();
  const model = loadModel(db, modelName);
  const versionId =
    version === null ? null : loadVersion(db, model, version).id;
  return retirementImpact(db, actor, model.id, versionId);
}

/** One sentence naming what an immediate retirement stops and removes. */
export function retireNowWarning(
  subject: string,
  impact: Pick<RetirementImpact, "deployments" | "aliases">,
): string {
  const stops = impact.deployments.map(
    (d) => `deployment #${d.id} (v${d.version} in ${d.environment})`,
  );
  const removes = impact.aliases.map((a) => `@${a.alias} (v${a.version})`);
  const parts = [
    stops.length ? `stops ${stops.join(", ")}` : "stops no deployment",
    removes.length
      ? `removes the alias${removes.length > 1 ? "es" : ""} ${removes.join(", ")}`
      : "removes no alias",
  ];
  return `Retire ${subject} now? This ${parts.join(" and ")}; its predictions answer 410 Gone from now on. A restore brings the versions back as Archived, but not the deployments or aliases.`;
}
