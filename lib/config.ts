// Runtime settings read from the environment, in one place so the README can list them all.
import path from "node:path";

export function dataDir(): string {
  // Resolved at run time from the environment; not a build-time path for the bundler to trace.
  return path.resolve(/*turbopackIgnore: true*/ process.env.STAGELINE_DATA_DIR ?? "./data");
}

export function databasePath(): string {
  return path.join(dataDir(), "stageline.db");
}

export function blobDir(): string {
  return path.join(dataDir(), "blobs");
}

export function publicUrl(): string {
  const host = process.env.HOSTNAME && process.env.HOSTNAME !== "0.0.0.0" ? process.env.HOSTNAME : "127.0.0.1";
  return process.env.STAGELINE_URL ?? `http://${host}:${process.env.PORT ?? "3000"}`;
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
