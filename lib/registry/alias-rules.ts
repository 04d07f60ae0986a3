// The two rules every alias move obeys, whichever path it takes (pages, REST, MLflow, an approved
// alias request): a protected alias moves only through an approved request, and an alias that a
// live deployment serves never lands on a version whose signature differs.
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  deployments,
  modelVersions,
  type ModelVersionRow,
  type RegisteredModelRow,
} from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { DomainError } from "@/lib/errors";
import { protectedAliasesOf } from "@/lib/lifecycle/policies";
import type { Signature } from "./registry.validation";

/**
 * Stageline itself (the first-start demo seed): it sets `champion` on models it has just trained,
 * before anyone can review them, so there is no request to approve. No HTTP caller is ever this
 * actor: sessions and tokens act as their user, the CLI as "cli".
 */
function isSystem(actor: Actor): boolean {
  return actor.id === SYSTEM_ACTOR.id && actor.via === "system";
}

export function isProtectedAlias(
  db: Db | Tx,
  modelId: number,
  alias: string,
): boolean {
  return protectedAliasesOf(db, modelId).includes(alias);
}

/** Refuses a direct move (set or delete) of a protected alias, saying how to ask for it instead. */
export function assertNotProtected(
  db: Db | Tx,
  actor: Actor,
  model: RegisteredModelRow,
  alias: string,
  move: { to: number } | "delete",
): void {
  if (isSystem(actor) || !isProtectedAlias(db, model.id, alias)) return;
  const rule = `@${alias} is a protected alias of '${model.name}' (its production policy lists it): it moves only through an approved request`;
  if (move === "delete") {
    throw new DomainError(
      "conflict",
      `${rule}, and is not removed directly. Request to point it at another version, or have an admin remove it from the protected aliases in Settings › Policies.`,
      {
        rule: "protected_alias",
        alias,
      },
    );
  }
  throw new DomainError(
    "conflict",
    `${rule}. Request it instead: POST /api/v1/models/${encodeURIComponent(model.name)}/versions/${move.to}/transition-requests with {"alias": "${alias}"}, or "Request" beside the alias on the model page; reviewers approve it under the production policy.`,
    { rule: "protected_alias", alias },
  );
}

/**
 * Deployments record the version they run, not the ref their callers use, so every live built-in
 * deployment of the version an alias points at now counts as serving that alias: moving the alias
 * to a version with another signature would break those callers.
 */
export function assertServedSignatureKept(
  db: Db | Tx,
  model: RegisteredModelRow,
  alias: string,
  currentVersionId: number | null | undefined,
  target: ModelVersionRow,
): void {
  if (!currentVersionId || currentVersionId === target.id) return;
  const served = db
    .select({ id: deployments.id, environment: deployments.environment })
    .from(deployments)
    .where(
      and(
        eq(deployments.modelId, model.id),
        eq(deployments.versionId, currentVersionId),
        eq(deployments.target, "stageline"),
        eq(deployments.status, "live"),
      ),
    )
    .all();
  if (served.length === 0) return;
  const current = db
    .select({
      version: modelVersions.version,
      signature: modelVersions.signature,
    })
    .from(modelVersions)
    .where(eq(modelVersions.id, currentVersionId))
    .get();
  if (!current || sameSignature(current.signature, target.signature)) return;
  const where = served.map((d) => `#${d.id} (${d.environment})`).join(", ");
  throw new DomainError(
    "conflict",
    `@${alias} of '${model.name}' is served by live deployment ${where} on v${current.version}, whose signature is ${describeSignature(current.signature)}; v${target.version}'s signature is ${describeSignature(target.signature)}. Moving it would break its callers: use a new alias, or stop the deployment first.`,
    {
      rule: "served_signature",
      deployments: served.map((d) => d.id),
      current: {
        version: current.version,
        signature: parse(current.signature),
      },
      target: { version: target.version, signature: parse(target.signature) },
    },
  );
}

/** Equal when inputs and outputs match in order, name, type and shape (what callers send and read). */
export function sameSignature(a: string | null, b: string | null): boolean {
  return (
    JSON.stringify(normalise(parse(a))) === JSON.stringify(normalise(parse(b)))
  );
}

/** `inputs (a: float32 [-1, 1], b: float32) → outputs (y: float32)`, or `none`. */
export function describeSignature(raw: string | null): string {
  const s = parse(raw);
  if (!s) return "none";
  const io = (list: Signature["inputs"]) =>
    list
      .map(
        (x) =>
          `${x.name}: ${x.type}${x.shape ? ` [${x.shape.map((d) => d ?? "?").join(", ")}]` : ""}`,
      )
      .join(", ");
  return `inputs (${io(s.inputs)}) → outputs (${io(s.outputs ?? [])})`;
}

function parse(raw: string | null): Signature | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Signature;
  } catch {
    return null;
  }
}

function normalise(s: Signature | null) {
  if (!s) return null;
  const io = (list: Signature["inputs"] | undefined) =>
    (list ?? []).map((x) => [x.name, x.type, x.shape ?? null]);
  return { inputs: io(s.inputs), outputs: io(s.outputs) };
}
