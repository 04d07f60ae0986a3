// Runtime settings read from the environment, in one place so the README can list them all.
import path from "node:path";
import { dataDir } from "@/db/paths";

// The data folder (STAGELINE_DATA_DIR) is read by the storage layer that opens it.
export { databasePath, dataDir } from "@/db/paths";

export function blobDir(): string {
  return path.join(dataDir(), "blobs");
}

export function publicUrl(): string {
  const host =
    process.env.HOSTNAME && process.env.HOSTNAME !== "0.0.0.0"
      ? process.env.HOSTNAME
      : "127.0.0.1";
  return (
    process.env.STAGELINE_URL ?? `http://${host}:${process.env.PORT ?? "3000"}`
  );
}

/** The demo seed (accounts and models) runs on first start unless STAGELINE_DEMO is 0/false/off. */
export function demoEnabled(): boolean {
  const v = (process.env.STAGELINE_DEMO ?? "1").toLowerCase();
  return !["0", "false", "off", "no"].includes(v);
}

export const APP_VERSION = "0.1.0";

/** Largest artifact file accepted, in bytes (STAGELINE_MAX_ARTIFACT_BYTES; default 2 GiB). */
export function maxArtifactBytes(): number {
  const v = Number(process.env.STAGELINE_MAX_ARTIFACT_BYTES);
  return Number.isFinite(v) && v > 0 ? v : 2 * 1024 ** 3;
}

/** Days a retired version's artifact files are kept before release (STAGELINE_ARTIFACT_RETENTION_DAYS; default 90). */
export function artifactRetentionDays(): number {
  const v = Number(process.env.STAGELINE_ARTIFACT_RETENTION_DAYS);
  return Number.isInteger(v) && v >= 0 ? v : 90;
}

/** A positive integer from the environment, or the default when unset or not one. */
function positiveInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** What an ONNX model may hold before it is refused at upload and again before it is loaded. */
export type OnnxLimits = {
  /** STAGELINE_ONNX_MAX_BYTES: the whole file (default 512 MiB). */
  maxBytes: number;
  /** STAGELINE_ONNX_MAX_NODES: nodes in all graphs, subgraphs and functions together (default 100,000). */
  maxNodes: number;
  /** STAGELINE_ONNX_MAX_INITIALIZER_BYTES: tensor data embedded in the file (default 512 MiB). */
  maxInitializerBytes: number;
  /** STAGELINE_ONNX_MAX_GRAPH_DEPTH: subgraphs inside subgraphs (If, Loop, Scan bodies; default 8). */
  maxGraphDepth: number;
  /** STAGELINE_ONNX_MAX_OUTPUTS_PER_ROW: values one input row may produce (default 4096). */
  maxOutputsPerRow: number;
  /** STAGELINE_ONNX_MAX_TENSOR_ELEMENTS: elements a constant-shaped tensor may ask for (default 16,777,216). */
  maxTensorElements: number;
};

export function onnxLimits(): OnnxLimits {
  return {
    maxBytes: positiveInt("STAGELINE_ONNX_MAX_BYTES", 512 * 1024 ** 2),
    maxNodes: positiveInt("STAGELINE_ONNX_MAX_NODES", 100_000),
    maxInitializerBytes: positiveInt(
      "STAGELINE_ONNX_MAX_INITIALIZER_BYTES",
      512 * 1024 ** 2,
    ),
    maxGraphDepth: positiveInt("STAGELINE_ONNX_MAX_GRAPH_DEPTH", 8),
    maxOutputsPerRow: positiveInt("STAGELINE_ONNX_MAX_OUTPUTS_PER_ROW", 4096),
    maxTensorElements: positiveInt(
      "STAGELINE_ONNX_MAX_TENSOR_ELEMENTS",
      2 ** 24,
    ),
  };
}

/** Bytes of model output one prediction request (or evaluation run) may produce (STAGELINE_PREDICT_MAX_OUTPUT_BYTES; default 16 MiB). */
export function predictMaxOutputBytes(): number {
  return positiveInt("STAGELINE_PREDICT_MAX_OUTPUT_BYTES", 16 * 1024 ** 2);
}

/** ONNX session runs at once in one process; more wait their turn (STAGELINE_ONNX_CONCURRENCY; default 8). */
export function onnxConcurrency(): number {
  return positiveInt("STAGELINE_ONNX_CONCURRENCY", 8);
}

/** Minutes between `audit.anchor` webhook events (STAGELINE_AUDIT_ANCHOR_MINUTES; default 60; 0 sends none). */
export function auditAnchorMinutes(): number {
  const v = Number(process.env.STAGELINE_AUDIT_ANCHOR_MINUTES);
  return process.env.STAGELINE_AUDIT_ANCHOR_MINUTES !== undefined &&
    Number.isFinite(v) &&
    v >= 0
    ? v
    : 60;
}

/**
 * Globals (`module.name`, comma-separated) a team trusts in pickles beyond the built-in allowlist
 * (STAGELINE_PICKLE_ALLOW), e.g. its own estimator classes; a pickle importing only these is "ok".
 */
export function pickleAllowlist(): ReadonlySet<string> {
  return new Set(
    (process.env.STAGELINE_PICKLE_ALLOW ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/**
 * Hosts, addresses or CIDR ranges webhooks may send to although they are not public
 * (STAGELINE_WEBHOOK_ALLOW, comma separated; e.g. `127.0.0.1,hooks.internal,10.1.0.0/16`).
 */
export function webhookAllowList(): string[] {
  return (process.env.STAGELINE_WEBHOOK_ALLOW ?? "")
    .split(",")
    .map((s) =>
      s
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, "$1"),
    )
    .filter(Boolean);
}

/**
 * Work budget of one permutation-importance run, in rows × features × repeats
 * (STAGELINE_IMPORTANCE_BUDGET; default 5,000,000: 100,000 rows of 10 features with 5 repeats, a few
 * seconds on two cores). Larger inputs are estimated on a seeded sample of rows.
 */
export function importanceBudget(): number {
  const v = Number(process.env.STAGELINE_IMPORTANCE_BUDGET);
  return Number.isFinite(v) && v >= 1 ? Math.floor(v) : 5_000_000;
}

/** Free space in the data folder below which /api/health reports degraded (STAGELINE_MIN_FREE_MB; default 256). */
export function minFreeBytes(): number {
  const v = Number(process.env.STAGELINE_MIN_FREE_MB);
  return (Number.isFinite(v) && v >= 0 ? v : 256) * 1024 * 1024;
}
