// Running untrusted ONNX models: a session is built only from checked bytes, with no folder to
// resolve files in; runs are bounded (a few at once per process) and their output is held to one
// row per input row and a byte budget, so a crafted model cannot exhaust the server's memory.
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as OnnxRuntime from "onnxruntime-node";
import type { InferenceSession, Tensor } from "onnxruntime-node";
import {
  onnxConcurrency,
  onnxLimits,
  predictMaxOutputBytes,
} from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { checkOnnx } from "./check";

let emptyDir: string | null = null;

/**
 * Session options for a model loaded from bytes. onnxruntime resolves external data of such a
 * model against the process's working directory (the app folder, beside `data/`) unless told a
 * folder; naming an empty one makes it refuse any path that leaves it. The check refuses external
 * data before this point; this is the second wall.
 */
export function sessionOptions(): InferenceSession.SessionOptions {
  if (!emptyDir || !fs.existsSync(/*turbopackIgnore: true*/ emptyDir)) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stageline-onnx-"));
    fs.chmodSync(dir, 0o500);
    process.once("exit", () =>
      fs.rmSync(dir, { recursive: true, force: true }),
    );
    emptyDir = dir;
  }
  // One thread, run in sequence, every graph optimisation: a served model answers a few rows per
  // request, and on a small machine a thread pool's hand-offs cost more than the arithmetic.
  return {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    extra: {
      session: { model_external_initializers_file_folder_path: emptyDir },
    },
  };
}

type Runtime = typeof OnnxRuntime;
let runtime: Runtime | null = null;

/** onnxruntime-node, loaded on first use (a server that serves no model never loads it), then kept. */
async function loadRuntime(): Promise<Runtime> {
  return (runtime ??= await import("onnxruntime-node"));
}

/**
 * Checks `bytes` (they may have been stored before the check existed) and builds a session from
 * them. A refused model is a 409 naming `label` and the reason; one onnxruntime cannot load, a 422.
 */
export async function createCheckedSession(
  bytes: Uint8Array,
  label: string,
): Promise<InferenceSession> {
  try {
    checkOnnx(bytes, label, onnxLimits());
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reason = (error.details?.fields?.path ?? [error.message]).join("; ");
    throw new DomainError(
      "conflict",
      `The stored ONNX model '${label}' will not be served: ${reason}. Register a new version with a model that passes the check`,
      {
        fields: { path: [reason] },
        artifact: label,
      },
    );
  }
  const { InferenceSession: Session } = await loadRuntime();
  try {
    return await withRunSlot(() => Session.create(bytes, sessionOptions()));
  } catch (error) {
    throw new DomainError(
      "unprocessable",
      `The ONNX model '${label}' cannot be loaded: ${shortMessage(error)}`,
    );
  }
}

let active = 0;
const waiting: (() => void)[] = [];

/**
 * Runs `fn` when one of the process's model-run slots is free (STAGELINE_ONNX_CONCURRENCY, 8);
 * callers beyond wait in order. Chained promises rather than an async function: it runs on every
 * prediction, and each promise costs the async hooks Next's AsyncLocalStorage installs.
 */
export function withRunSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (active < onnxConcurrency()) {
    active++;
    return runInSlot(fn);
  }
  return new Promise<void>((resolve) => waiting.push(resolve)).then(() =>
    runInSlot(fn),
  );
}

/** Runs `fn` in the slot taken for it, and hands the slot on once it settles, however it settles. */
function runInSlot<T>(fn: () => Promise<T>): Promise<T> {
  let running: Promise<T>;
  try {
    running = fn();
  } catch (error) {
    releaseSlot();
    return Promise.reject(error as Error);
  }
  return running.then(
    (value) => {
      releaseSlot();
      return value;
    },
    (error: unknown) => {
      releaseSlot();
      throw error;
    },
  );
}

function releaseSlot(): void {
  // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
  const next = waiting.shift();
  if (next) next();
  else active--;
}

/** Slots in use and callers waiting, for tests and diagnostics. */
export function runSlots(): { active: number; waiting: number } {
  return { active, waiting: waiting.length };
}

/**
 * Runs the session's first output on a [rows, cols] float32 matrix and holds the answer to one
 * output row per input row (at most STAGELINE_ONNX_MAX_OUTPUTS_PER_ROW values each) and
 * STAGELINE_PREDICT_MAX_OUTPUT_BYTES in all: 422 otherwise.
 */
export async function runRows(
  session: InferenceSession,
  label: string,
  data: Float32Array,
  rows: number,
  cols: number,
): Promise<Float32Array> {
  // Loaded already whenever a session exists; the await is only for a caller that built none.
  const { Tensor: OrtTensor } = runtime ?? (await loadRuntime());
  const output = session.outputNames[0];
  const input = session.inputNames[0];
  if (output === undefined || input === undefined)
    throw new DomainError(
      "unprocessable",
      `The ONNX model '${label}' has no input or no output to run`,
    );
  let result: Record<string, Tensor>;
  try {
    // Fetching only the first output keeps onnxruntime from computing (and allocating) the others.
    result = await withRunSlot(() =>
      session.run({ [input]: new OrtTensor("float32", data, [rows, cols]) }, [
        output,
      ]),
    );
  } catch (error) {
    throw new DomainError(
      "unprocessable",
      `The ONNX model '${label}' failed on this input: ${shortMessage(error)}`,
    );
  }
  const tensor = result[output];
  if (!tensor)
    throw new DomainError(
      "unprocessable",
      `The ONNX model '${label}' returned no '${output}'`,
    );
  const tooMuch = (why: string) =>
    new DomainError(
      "unprocessable",
      `The ONNX model '${label}' answered ${rows} input row(s) with output '${output}' of shape [${tensor.dims.join(", ")}]: ${why}`,
    );
  if (tensor.dims[0] !== rows)
    throw tooMuch(
      `one input row must give one output row (the first dimension must be ${rows})`,
    );
  const perRow = tensor.size / rows;
  // The limit is a positive integer, so one value per row is always within it (and the common case
  // skips reading the limits).
  const maxOutputsPerRow = perRow > 1 ? onnxLimits().maxOutputsPerRow : 1;
  if (perRow > maxOutputsPerRow)
    throw tooMuch(
      `${perRow} values per row, over the limit of ${maxOutputsPerRow} (STAGELINE_ONNX_MAX_OUTPUTS_PER_ROW)`,
    );
  const values = tensor.data;
  const bytes = ArrayBuffer.isView(values)
    ? values.byteLength
    : values.reduce((s, v) => s + v.length, 0);
  const maxBytes = predictMaxOutputBytes();
  if (bytes > maxBytes)
    throw tooMuch(
      `${bytes} bytes of output, over the limit of ${maxBytes} per request (STAGELINE_PREDICT_MAX_OUTPUT_BYTES)`,
    );
  if (values instanceof Float32Array) return values;
  if (
    values instanceof Float64Array ||
    values instanceof Int32Array ||
    values instanceof Uint8Array ||
    values instanceof Int8Array ||
    values instanceof Uint16Array ||
    values instanceof Int16Array ||
    values instanceof Uint32Array
  ) {
    return Float32Array.from(values);
  }
  if (values instanceof BigInt64Array || values instanceof BigUint64Array)
    return Float32Array.from(values, (v) => Number(v));
  throw tooMuch(`a ${tensor.type} output is not a number per row`);
}

function shortMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").slice(0, 300);
}
