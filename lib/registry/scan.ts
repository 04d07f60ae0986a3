// What an uploaded file is checked for before it is stored: model files are untrusted input.
// ONNX graphs that reach outside their own bytes are refused (400); pickles are code, so their
// imports are walked and anything beyond the allowlist marks the file (and its version) unsafe.
import "server-only";
import path from "node:path";
import { pickleAllowlist } from "@/lib/config";
import { scanPickleFile } from "@/lib/scan/pickle-file";
import { checkSafetensors } from "@/lib/scan/safetensors";

/** Stored as JSON in artifacts.scan. */
export type ArtifactScan = {
  kind: "onnx" | "pickle" | "safetensors";
  status: "ok" | "unsafe";
  /** For unsafe files: what was found, e.g. the imports outside the allowlist (`os.system`). */
  findings: string[];
};

/**
 * Checks a staged upload (its temp file) by its path's extension and content. Throws a
 * DomainError "invalid" naming the artifact for a file that must never be stored; returns the
 * scan to record, or null for a file that needs none.
 */
export async function scanUpload(artifactPath: string, file: string): Promise<ArtifactScan | null> {
  const safetensors = scanSafetensorsUpload(artifactPath, file);
  if (safetensors) return safetensors;
  return scanPickleUpload(artifactPath, file);
}

/** safetensors holds no code: only its header is checked, and a broken one is refused. */
function scanSafetensorsUpload(artifactPath: string, file: string): ArtifactScan | null {
  if (path.extname(artifactPath).toLowerCase() !== ".safetensors") return null;
  checkSafetensors(artifactPath, file);
  return { kind: "safetensors", status: "ok", findings: [] };
}

/** Pickles (by name or by their first bytes) are stored either way, marked unsafe when they import code. */
function scanPickleUpload(artifactPath: string, file: string): Promise<ArtifactScan | null> {
  return scanPickleFile(artifactPath, file, { extraAllowed: pickleAllowlist() });
}
