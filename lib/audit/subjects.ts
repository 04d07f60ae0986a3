// What each audit event is about, by name and with a link: "churn v3", "request #7 (churn v3 →
// production)", a user's e-mail. Events store only the entity's type and id, so the names are read
// for a whole page at once: one query per entity type on the page, never one per row. A subject
// deleted since keeps the name its event recorded, marked deleted and without a link.
// Past 300 lines: one batched read per entity type, kept in one function because they share the page's
// id sets and the link rules.
import "server-only";
import { eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { getDb } from "@/db/client";
import {
  alertRules,
  apiTokens,
  deployments,
  modelVersions,
  registeredModels,
  retirements,
  signingKeys,
  transitionRequests,
  user,
  webhooks,
  type AuditEventRow,
} from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { modelHref, versionHref } from "@/lib/registry/paths";
import { eventData } from "./describe";

export type Subject = { label: string; href: string | null; deleted: boolean };
type Ev = Pick<AuditEventRow, "entityType" | "entityId" | "before" | "after">;

export const subjectKey = (e: Pick<Ev, "entityType" | "entityId">) =>
  `${e.entityType}:${e.entityId}`;

const STAGE: Record<string, string> = {
  none: "development",
  staging: "staging",
  production: "production",
  archived: "archived",
  retired: "retired",
};

/** The subject of every event, keyed by subjectKey. */
export function resolveSubjects(
  actor: Actor,
  events: Ev[],
): Map<string, Subject> {
  const ids = (type: string) => [
    ...new Set(
      events
        .filter((e) => e.entityType === type)
        .map((e) => Number(e.entityId))
        .filter((n) => Number.isInteger(n)),
    ),
  ];
  const found = new Map<string, Subject>();
  const put = (
    type: string,
    id: number | string,
    s: Omit<Subject, "deleted">,
  ) => found.set(`${type}:${id}`, { ...s, deleted: false });
  const db = getDb();
  const ver = alias(modelVersions, "v");

  const modelIds = ids("model");
  if (modelIds.length)
    for (const m of db
      .select({
        id: registeredModels.id,
        name: registeredModels.name,
        deletedAt: registeredModels.deletedAt,
      })
      .from(registeredModels)
      .where(inArray(registeredModels.id, modelIds))
      .all())
      found.set(
        `model:${m.id}`,
        m.deletedAt === null
          ? { label: m.name, href: modelHref(m.name), deleted: false }
          : { label: `${m.name} (deleted)`, href: null, deleted: true },
      );

  const versionIds = ids("model_version");
  if (versionIds.length)
    for (const v of db
      .select({
        id: modelVersions.id,
        version: modelVersions.version,
        deletedAt: modelVersions.deletedAt,
        model: registeredModels.name,
        modelDeletedAt: registeredModels.deletedAt,
      })
      .from(modelVersions)
      .innerJoin(
        registeredModels,
        eq(registeredModels.id, modelVersions.modelId),
      )
      .where(inArray(modelVersions.id, versionIds))
      .all())
      found.set(
        `model_version:${v.id}`,
        v.deletedAt === null && v.modelDeletedAt === null
          ? {
              label: `${v.model} v${v.version}`,
              href: versionHref(v.model, v.version),
              deleted: false,
            }
          : {
              label: `${v.model} v${v.version} (deleted)`,
              href: null,
              deleted: true,
            },
      );

  const requestIds = ids("transition_request");
  if (requestIds.length)
    for (const r of db
      .select({
        id: transitionRequests.id,
        kind: transitionRequests.kind,
        alias: transitionRequests.alias,
        toStage: transitionRequests.toStage,
        model: registeredModels.name,
        modelDeletedAt: registeredModels.deletedAt,
        version: ver.version,
        versionDeletedAt: ver.deletedAt,
      })
      .from(transitionRequests)
      .innerJoin(
        registeredModels,
        eq(registeredModels.id, transitionRequests.modelId),
      )
      .leftJoin(ver, eq(ver.id, transitionRequests.versionId))
      .where(inArray(transitionRequests.id, requestIds))
      .all()) {
      const what = r.version === null ? r.model : `${r.model} v${r.version}`;
      const change =
        r.kind === "alias"
          ? `alias ${r.alias ?? "?"} → ${what}`
          : r.kind === "retirement"
            ? `retire ${what}`
            : `${what} → ${STAGE[r.toStage] ?? r.toStage}`;
      const gone = r.modelDeletedAt !== null || r.versionDeletedAt !== null;
      put("transition_request", r.id, {
        label: `request #${r.id} (${change})`,
        href: gone
          ? null
          : r.version === null
            ? modelHref(r.model)
            : versionHref(r.model, r.version),
      });
    }

  const retirementIds = ids("retirement");
  if (retirementIds.length)
    for (const r of db
      .select({
        id: retirements.id,
        model: registeredModels.name,
        version: ver.version,
      })
      .from(retirements)
      .innerJoin(registeredModels, eq(registeredModels.id, retirements.modelId))
      .leftJoin(ver, eq(ver.id, retirements.versionId))
      .where(inArray(retirements.id, retirementIds))
      .all())
      put("retirement", r.id, {
        label: `retirement of ${r.version === null ? r.model : `${r.model} v${r.version}`}`,
        href: "/retirements",
      });

  // Deployments, and alerts ("<rule id>:<deployment id>"), which live on their deployment's page.
  const alertKeys = events.flatMap((e): [number, number][] => {
    if (e.entityType !== "alert") return [];
    const [r, d] = e.entityId.split(":").map(Number);
    return r !== undefined &&
      d !== undefined &&
      Number.isInteger(r) &&
      Number.isInteger(d)
      ? [[r, d]]
      : [];
  });
  const deploymentIds = [
    ...new Set([...ids("deployment"), ...alertKeys.map(([, d]) => d)]),
  ];
  const deploymentLabel = new Map<number, string>();
  if (deploymentIds.length)
    for (const d of db
      .select({
        id: deployments.id,
        environment: deployments.environment,
        model: registeredModels.name,
        version: modelVersions.version,
      })
      .from(deployments)
      .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
      .innerJoin(modelVersions, eq(modelVersions.id, deployments.versionId))
      .where(inArray(deployments.id, deploymentIds))
      .all()) {
      const text = `${d.model} v${d.version} in ${d.environment}`;
      deploymentLabel.set(d.id, text);
      put("deployment", d.id, {
        label: `deployment #${d.id} (${text})`,
        href: `/monitoring/${d.id}`,
      });
    }
  const ruleIds = [
    ...new Set([...ids("alert_rule"), ...alertKeys.map(([r]) => r)]),
  ];
  const ruleName = new Map<number, string>();
  if (ruleIds.length)
    for (const r of db
      .select({
        id: alertRules.id,
        name: alertRules.name,
        deploymentId: alertRules.deploymentId,
      })
      .from(alertRules)
      .where(inArray(alertRules.id, ruleIds))
      .all()) {
      ruleName.set(r.id, r.name);
      put("alert_rule", r.id, {
        label: `alert rule ${r.name}`,
        href:
          r.deploymentId === null
            ? "/monitoring"
            : `/monitoring/${r.deploymentId}`,
      });
    }
  for (const [r, d] of alertKeys) {
    const name = ruleName.get(r);
    const on = deploymentLabel.get(d);
    if (name && on)
      put("alert", `${r}:${d}`, {
        label: `alert ${name} on ${on}`,
        href: `/monitoring/${d}`,
      });
  }

  // People and settings: linked only for those who may open the settings page.
  const userIds = [
    ...new Set(
      events.filter((e) => e.entityType === "user").map((e) => e.entityId),
    ),
  ];
  if (userIds.length)
    for (const u of db
      .select({ id: user.id, email: user.email, name: user.name })
      .from(user)
      .where(inArray(user.id, userIds))
      .all())
      put("user", u.id, {
        label:
          u.name && u.name !== u.email ? `${u.name} (${u.email})` : u.email,
        href: can(actor, "users.manage") ? "/settings/users" : null,
      });

  const tokenIds = ids("api_token");
  if (tokenIds.length)
    for (const t of db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        userId: apiTokens.userId,
      })
      .from(apiTokens)
      .where(inArray(apiTokens.id, tokenIds))
      .all())
      put("api_token", t.id, {
        label: `token ${t.name}`,
        href: t.userId === actor.id ? "/settings/tokens" : null,
      });

  const webhookIds = ids("webhook");
  if (webhookIds.length)
    for (const w of db
      .select({ id: webhooks.id })
      .from(webhooks)
      .where(inArray(webhooks.id, webhookIds))
      .all())
      put("webhook", w.id, {
        label: `webhook #${w.id}`,
        href: can(actor, "webhooks.manage") ? "/settings/webhooks" : null,
      });

  const keyIds = ids("signing_key");
  if (keyIds.length)
    for (const k of db
      .select({ id: signingKeys.id, name: signingKeys.name })
      .from(signingKeys)
      .where(inArray(signingKeys.id, keyIds))
      .all())
      put("signing_key", k.id, {
        label: `signing key ${k.name}`,
        href: can(actor, "signing_keys.manage")
          ? "/settings/signing-keys"
          : null,
      });

  const out = new Map<string, Subject>();
  for (const e of events) {
    const key = subjectKey(e);
    if (!out.has(key)) out.set(key, found.get(key) ?? unresolved(actor, e));
  }
  return out;
}

/** Subjects with no row to read: named from the event itself (policies, sign-ins) or deleted. */
function unresolved(actor: Actor, e: Ev): Subject {
  if (e.entityType === "policy") {
    const [model = "*", stage = ""] = e.entityId.split(":");
    return {
      label: `${model === "*" ? "default" : model} ${STAGE[stage] ?? stage} policy`,
      href: can(actor, "policies.manage") ? "/settings/policies" : null,
      deleted: false,
    };
  }
  if (e.entityType === "sign_in")
    return {
      label: `sign-ins of ${e.entityId.replace(/^(ip|email):/, "")}`,
      href: null,
      deleted: false,
    };
  if (e.entityType === "audit_chain")
    return { label: "the audit chain", href: null, deleted: false };
  const { before: b, after: a } = eventData(e);
  const d = { ...a, ...b };
  const model = typeof d.model === "string" ? d.model : null;
  const version = typeof d.version === "number" ? d.version : null;
  const name = typeof d.name === "string" ? d.name : null;
  const recorded =
    e.entityType === "model"
      ? (name ?? model)
      : e.entityType === "model_version" && model && version !== null
        ? `${model} v${version}`
        : e.entityType === "user" && typeof d.email === "string"
          ? d.email
          : e.entityType === "api_token" && name
            ? `token ${name}`
            : e.entityType === "signing_key" && name
              ? `signing key ${name}`
              : null;
  return {
    label: `${recorded ?? `${e.entityType} ${e.entityId}`} (deleted)`,
    href: null,
    deleted: true,
  };
}
