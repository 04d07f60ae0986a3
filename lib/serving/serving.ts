// The built-in prediction endpoint: resolves a ref (alias, stage, number) to a version on every
// request, so a promotion or alias move switches traffic at once; ONNX sessions are loaded once per
// artifact and cached; inputs are checked against the version's signature.
import "server-only";
import { randomUUID } from "node:crypto";
import type { InferenceSession as Session } from "onnxruntime-node";
import { asc, eq } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import { getDb, type Db, type Tx } from "@/db/client";
import { artifacts, type ModelVersionRow } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { blobStore } from "@/lib/blobs/blob-store";
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
import {
  manifestDigest,
  manifestOf,
  type ManifestEntry,
} from "@/lib/registry/content";
import { verifyVersionForServing } from "@/lib/signing/verify";
import { publicUrl } from "@/lib/config";
import { createCheckedSession, runRows } from "@/lib/onnx/session";
import { loadModel } from "@/lib/registry/load";
import { versionHref } from "@/lib/registry/paths";
import { replacementOf, scheduledRetirementOf } from "@/lib/retirement/lookups";
import type { Signature } from "@/lib/registry/registry.validation";

export const MAX_ROWS_PER_REQUEST = 10_000;
/** Largest prediction request body accepted (413 beyond). */
export const PREDICT_MAX_BYTES = 5 * 1024 * 1024;
type LoadedSession = { session: Session; label: string };
/** A session being built, and once built the session itself (so a prediction need not wait on a promise). */
type SessionEntry = {
  loading: Promise<LoadedSession>;
  loaded: LoadedSession | null;
};
// ONNX sessions by the artifact's SHA-256, least recently used out (each holds a model in memory).
const sessions = new LRUCache<string, SessionEntry>({ max: 32 });

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
      const at = Date.now();
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

/**
 * The served file, after the version's signatures are checked against its files: a mismatch
 * refuses to serve (409) and raises an alert (lib/signing/verify.ts, once per content digest).
 */
export function verifiedModelFile(
  db: Db,
  version: ModelVersionRow,
): ManifestEntry | null {
  const file = servedModelFile(db, version);
  if (!file) return null;
  const signed = verifyVersionForServing(db, version.id);
  if (!signed.ok)
    throw new DomainError(
      "conflict",
      `v${version.version} will not be served: its signature does not match its files (${signed.reason})`,
    );
  return file;
}

/**
 * The file the built-in endpoint runs for a version: the one its `model_file` names, taken from
 * the manifest whose digest must still be the version's content digest (what approvals bound to
 * and what is signed). Null when the version names no ONNX model file.
 */
export function servedModelFile(
  db: Db | Tx,
  version: Pick<
    ModelVersionRow,
    "id" | "version" | "modelFile" | "contentDigest"
  >,
): ManifestEntry | null {
  if (!version.modelFile || !version.modelFile.toLowerCase().endsWith(".onnx"))
    return null;
  const manifest = manifestOf(db, version.id);
  const digest = manifestDigest(manifest);
  if (digest !== version.contentDigest) {
    console.error(
      `[stageline] version id ${version.id}: its files hash to ${digest}, not its content digest ${version.contentDigest}`,
    );
    throw new DomainError(
      "conflict",
      `The files of v${version.version} no longer match its approved content digest; it will not be served`,
    );
  }
  return manifest.find((f) => f.path === version.modelFile) ?? null;
}

/**
 * Runs an ONNX model (by its blob's SHA-256) on a row-major float32 matrix: one output row per
 * input row, within the output caps (422 beyond), a few runs at once per process.
 */
export function predictMatrix(
  sha256: string,
  data: Float32Array,
  rows: number,
  cols: number,
): Promise<Float32Array> {
  const entry = sessionEntry(sha256);
  // A built session is run at once; only the first requests for a model wait for it to load.
  if (entry.loaded)
    return runRows(entry.loaded.session, entry.loaded.label, data, rows, cols);
  return entry.loading.then(({ session, label }) =>
    runRows(session, label, data, rows, cols),
  );
}

/** Optional `keys`: the caller's own id per row, so ground truth can be sent later by key. */
function keysOf(body: unknown, rows: number): string[] | null {
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (keys === undefined) return null;
  if (!Array.isArray(keys) || keys.length !== rows)
    throw bad("keys", `keys must be a list with one key per row (${rows})`);
  keys.forEach((k, i) => {
    if (typeof k !== "string" || k.length === 0 || k.length > 128)
      throw bad(
        `keys.${i}`,
        `keys[${i}] must be a string of 1 to 128 characters`,
      );
  });
  return keys as string[];
}

/** `{inputs: {name: [..]}}` or `{instances: [{name: v}, ...]}` to a row-major float matrix in signature order. */
function toMatrix(
  body: unknown,
  signature: Signature,
): { data: Float32Array; rows: number; cols: number } {
  const names = signature.inputs.map((i) => i.name);
  const b = (body ?? {}) as { inputs?: unknown; instances?: unknown };
  let columns: Record<string, unknown[]>;
  if (b.inputs !== undefined) {
    if (
      typeof b.inputs !== "object" ||
      b.inputs === null ||
      Array.isArray(b.inputs)
    )
      throw bad(
        "inputs",
        "inputs must be an object of {input name: list of values}",
      );
    columns = {};
    for (const [k, v] of Object.entries(b.inputs))
      columns[k] = Array.isArray(v) ? v : [v];
  } else if (Array.isArray(b.instances)) {
    columns = Object.fromEntries(names.map((n) => [n, [] as unknown[]]));
    b.instances.forEach((inst, i) => {
      if (typeof inst !== "object" || inst === null || Array.isArray(inst))
        throw bad(
          `instances.${i}`,
          `instances[${i}] must be an object of {input name: value}`,
        );
      for (const [k, v] of Object.entries(inst)) (columns[k] ??= []).push(v);
    });
  } else {
    throw bad(
      "inputs",
      'send {"inputs": {name: [values]}} or {"instances": [{name: value}, ...]}',
    );
  }
  const unknown = Object.keys(columns).filter((k) => !names.includes(k));
  if (unknown.length)
    throw bad(
      unknown[0] as string,
      `unknown input '${unknown[0]}'; this version takes ${names.join(", ")}`,
    );
  const missing = names.filter((n) => !columns[n]);
  if (missing.length)
    throw bad(
      missing[0] as string,
      `missing input '${missing[0]}'; this version takes ${names.join(", ")}`,
    );
  const rows = (columns[names[0] as string] as unknown[]).length;
  if (rows === 0) throw bad(names[0] as string, "no rows to predict");
  if (rows > MAX_ROWS_PER_REQUEST)
    throw new DomainError(
      "too_large",
      `At most ${MAX_ROWS_PER_REQUEST} rows per request`,
      {
        fields: { [names[0] as string]: ["Too many rows"] },
      },
    );
  const data = new Float32Array(rows * names.length);
  names.forEach((n, j) => {
    const col = columns[n] as unknown[];
    if (col.length !== rows)
      throw bad(
        n,
        `input '${n}' has ${col.length} values but '${names[0]}' has ${rows}`,
      );
    col.forEach((v, i) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw bad(
          n,
          `input '${n}' must hold finite numbers (row ${i} is ${JSON.stringify(v)?.slice(0, 40)})`,
        );
      data[i * names.length + j] = v;
    });
  });
  return { data, rows, cols: names.length };
}

function sessionEntry(sha256: string): SessionEntry {
  let entry = sessions.get(sha256);
  if (!entry) {
    const p = (async () => {
      const label = artifactLabel(sha256);
      // The artifact is verified once, when its session is built (a corrupted one is a 409).
      const bytes = await blobStore().read(sha256, label);
      // Checked again on every load: a model stored before the check existed is refused here.
      return { session: await createCheckedSession(bytes, label), label };
    })();
    const created: SessionEntry = { loading: p, loaded: null };
    entry = created;
    sessions.set(sha256, created);
    // A failed load is not kept (a later one may succeed), unless a newer load has replaced it.
    p.then(
      (loaded) => {
        created.loaded = loaded;
      },
      () => sessions.get(sha256) === created && sessions.delete(sha256),
    );
  }
  return entry;
}

/** How errors name a stored model: its artifact path (any version's, the bytes are the same). */
function artifactLabel(sha256: string): string {
  return (
    getDb()
      .select({ path: artifacts.path })
      .from(artifacts)
      .where(eq(artifacts.sha256, sha256))
      .orderBy(asc(artifacts.path))
      .get()?.path ?? `sha256 ${sha256.slice(0, 12)}`
  );
}

function bad(field: string, message: string): DomainError {
  return new DomainError("invalid", message, {
    fields: { [field]: [message] },
  });
}
