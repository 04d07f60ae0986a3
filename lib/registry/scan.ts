// What an uploaded file is checked for before it is stored: model files are untrusted input.
// ONNX graphs that reach outside their own bytes are refused (400); pickles are code, so their
// imports are walked and anything beyond the allowlist marks the file (and its version) unsafe.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { onnxLimits, pickleAllowlist } from "@/lib/config";
import { assertOnnxSize, checkOnnx } from "@/lib/onnx/check";
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
export async function scanUpload(
  artifactPath: string,
  file: string,
): Promise<ArtifactScan | null> {
  if (path.extname(artifactPath).toLowerCase() === ".onnx")
    return scanOnnx(artifactPath, file);
  const safetensors = scanSafetensorsUpload(artifactPath, file);
  if (safetensors) return safetensors;
  return scanPickleUpload(artifactPath, file);
}

/** safetensors holds no code: only its header is checked, and a broken one is refused. */
function scanSafetensorsUpload(
  artifactPath: string,
  file: string,
): ArtifactScan | null {
  if (path.extname(artifactPath).toLowerCase() !== ".safetensors") return null;
  checkSafetensors(artifactPath, file);
  return { kind: "safetensors", status: "ok", findings: [] };
}

/** Pickles (by name or by their first bytes) are stored either way, marked unsafe when they import code. */
function scanPickleUpload(
  artifactPath: string,
  file: string,
): Promise<ArtifactScan | null> {
  return scanPickleFile(artifactPath, file, {
    extraAllowed: pickleAllowlist(),
  });
}

/** An ONNX file is parsed as a ModelProto and refused (400) unless it passes checkOnnx; a passing one needs no further scan. */
async function scanOnnx(
  artifactPath: string,
  file: string,
): Promise<ArtifactScan> {
  const limits = onnxLimits();
  // Refuse an oversized file from its size, before reading it into memory.
  const { size } = await fs.promises.stat(file);
  assertOnnxSize(size, artifactPath, limits);
  checkOnnx(await fs.promises.readFile(file), artifactPath, limits);
  return { kind: "onnx", status: "ok", findings: [] };
}
