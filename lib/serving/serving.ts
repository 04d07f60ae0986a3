// The built-in prediction endpoint: resolves a ref (alias, stage, number) to a version on every
// request, so a promotion or alias move switches traffic at once; ONNX sessions are loaded once per
// artifact and cached; inputs are checked against the version's signature.
import "server-only";
import { randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import { getDb, type Tx } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { liveStagelineDeployment } from "@/lib/deployments/deployments";
import { generation } from "@/lib/events/generation";
import { DomainError } from "@/lib/errors";
import { observePrediction } from "@/lib/monitoring/prediction-counters";
import {
  keepPrediction,
  record,
  recordInputs,
} from "@/lib/monitoring/recorder";
import { resolveVersionRef } from "@/lib/registry/aliases";
import { publicUrl } from "@/lib/config";
import { loadModel } from "@/lib/registry/load";
import { versionHref } from "@/lib/registry/paths";
import { replacementOf, scheduledRetirementOf } from "@/lib/retirement/lookups";
import type { Signature } from "@/lib/registry/registry.validation";
import { keysOf, toMatrix } from "./predict-input";
import { verifiedModelFile } from "./served-file";
import { predictMatrix } from "./sessions";
import { now as clockNow } from "@/lib/clock";

/** Largest prediction request body accepted (413 beyond). */
export const PREDICT_MAX_BYTES = 5 * 1024 * 1024;

export type Prediction = {
  model: string;
  version: number;
  predictions: number[];
  prediction_ids: string[];
  deployment_id: number | null;
};

/** A prediction and, for a deprecated model or version, the headers to send with it. */
export type Served = Prediction & { headers: DeprecationHeaders | null };

/** Response headers for a deprecated model or version (RFC 9745 Deprecation, RFC 8594 Sunset, Link). */
export type DeprecationHeaders = {
  Deprecation: string;
  Sunset: string;
  Link: string;
};
type Route = {
  generation: number;
  model: string;
  version: number;
  deploymentId: number | null;
  signature: Signature | null;
  /** The monitoring point of each signature input, in signature order (`input.<name>`). */
  inputPoints: string[];
  onnxSha: string | null;
  deprecation: DeprecationHeaders | null;
};
const routes = new LRUCache<string, Route>({ max: 5000 });

/**
 * Where `model/ref` points now. Cached until the next domain event in any process (an alias move,
 * a promotion, a deployment, through the app or the CLI), so traffic switches with the very next
 * request after a change.
 */
function route(modelName: string, ref: string): Route {
  const key = `${modelName}\u0000${ref}`;
  const hit = routes.get(key);
  if (hit && hit.generation === generation()) return hit;
  const gen = generation();
  const db = getDb();
  const model = loadModel(db, modelName);
  if (model.status === "retired")
    throw new DomainError("gone", `Model '${model.name}' is retired`);
  const version = resolveVersionRef(db, model, ref);
  if (version.stage === "retired")
    throw new DomainError(
      "gone",
      `Version ${version.version} of '${model.name}' is retired`,
    );
  const signature = version.signature
    ? (JSON.parse(version.signature) as Signature)
    : null;
  const r: Route = {
    generation: gen,
    model: model.name,
    version: version.version,
    deploymentId: liveStagelineDeployment(version.id),
    signature,
    inputPoints: signature?.inputs.map((i) => `input.${i.name}`) ?? [],
    onnxSha: verifiedModelFile(db, version)?.sha256 ?? null,
    deprecation: deprecationHeaders(
      db,
      model.id,
      model.name,
      version.id,
      version.version,
    ),
  };
  routes.set(key, r);
  return r;
}

export async function predict(
  actor: Actor,
  modelName: string,
  ref: string,
  body: unknown,
): Promise<Served> {
  assertCan(actor, "models.read");
  const started = performance.now();
  const r = route(modelName, ref);
  const deploymentId = r.deploymentId;
  const model = { name: r.model };
  const version = { version: r.version };
  try {
    const signature = r.signature;
    if (!signature?.inputs.length)
      throw new DomainError(
        "conflict",
        `v${version.version} has no input signature, so its inputs cannot be checked`,
      );
    const matrix = toMatrix(body, signature);
    const keys = keysOf(body, matrix.rows);
    if (!r.onnxSha)
      throw new DomainError(
        "conflict",
        `v${version.version} of '${model.name}' has no ONNX model file to serve (upload a .onnx artifact, or name its model_file)`,
      );
    const output = await predictMatrix(
      r.onnxSha,
      matrix.data,
      matrix.rows,
      matrix.cols,
    );
    const predictions = Array.from(output, (x) => Number(x.toPrecision(7)));
    // Ids let clients send ground truth later (POST /api/v1/deployments/{id}/feedback).
    const ids =
      deploymentId !== null ? predictions.map(() => randomUUID()) : [];
    if (deploymentId !== null) {
      const ms = performance.now() - started;
      const at = clockNow();
      record(deploymentId, "latency_ms", ms, at);
      record(deploymentId, "error", 0, at);
      observePrediction(deploymentId, r.model, r.version, ms / 1000, true);
      for (let i = 0; i < Math.min(ids.length, 1000); i++)
        keepPrediction(
          ids[i] as string,
          deploymentId,
          predictions[i] as number,
          at,
          keys?.[i] ?? null,
        );
      // Inputs feed drift: a sample of each second's rows (lib/monitoring/recorder.ts).
      recordInputs(deploymentId, r.inputPoints, matrix.data, matrix.rows, at);
    }
    return {
      model: model.name,
      version: version.version,
      predictions,
      prediction_ids: ids,
      deployment_id: deploymentId,
      headers: r.deprecation,
    };
  } catch (error) {
    if (deploymentId !== null) {
      const ms = performance.now() - started;
      record(deploymentId, "latency_ms", ms);
      record(deploymentId, "error", 1);
      observePrediction(deploymentId, r.model, r.version, ms / 1000, false);
    }
    throw error;
  }
}

function deprecationHeaders(
  db: ReturnType<typeof getDb>,
  modelId: number,
  modelName: string,
  versionId: number,
  version: number,
): DeprecationHeaders | null {
  const r = scheduledRetirementOf(db as Tx, modelId, versionId);
  if (!r) return null;
  const base = publicUrl();
  const links = [
    `<${base}${versionHref(modelName, version)}>; rel="deprecation"; type="text/html"`,
  ];
  const replacement = replacementOf(db as Tx, r);
  if (replacement)
    links.push(
      `<${base}/api/v1/serve/${encodeURIComponent(replacement.model)}/${replacement.version ?? "production"}/predict>; rel="successor-version"`,
    );
  return {
    Deprecation: `@${Math.floor((r.approvedAt ?? r.createdAt) / 1000)}`,
    Sunset: new Date(r.sunsetAt).toUTCString(),
    Link: links.join(", "),
  };
}
