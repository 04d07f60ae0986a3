// Permutation importance of an evaluation's features, computed by running the version's ONNX
// model in a worker thread (see logEvaluation in ./evaluations.ts).
import "server-only";
import { getDb } from "@/db/client";
import { blobStore } from "@/lib/blobs/blob-store";
import { importanceBudget } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { loadModel, loadVersion } from "@/lib/registry/load";
import type { Signature } from "@/lib/registry/registry.validation";
import { verifiedModelFile } from "@/lib/serving/served-file";
import { artifactLabel } from "@/lib/serving/sessions";
import { runTask } from "@/lib/workers/pool";
import type { Truth } from "./prepare";
import { budgetSample, MIN_SAMPLE_ROWS } from "./permutation";
import type { ImportanceRow } from "./queries";

export async function permutationOf(
  modelName: string,
  version: string | number,
  features: Record<string, number[]>,
  repeats: number,
  truth: Truth | null,
  progress: (done: number, stage: string) => void,
): Promise<ImportanceRow[]> {
  const fail = (message: string) =>
    new DomainError("invalid", message, { fields: { features: [message] } });
  if (!truth)
    throw fail(
      "permutation importance needs a binary classifier's y_score or a regression's y_pred, to score the shuffled predictions against y_true",
    );
  const db = getDb();
  const v = loadVersion(db, loadModel(db, modelName), version);
  const signature = v.signature ? (JSON.parse(v.signature) as Signature) : null;
  const onnx = verifiedModelFile(db, v)?.sha256 ?? null;
  if (!signature?.inputs.length || !onnx)
    throw new DomainError(
      "conflict",
      `permutation importance runs the version's model: v${v.version} needs an input signature and a .onnx artifact`,
      { fields: { features: ["No ONNX model to run"] } },
    );
  const names = signature.inputs.map((i) => i.name);
  const missing = names.find((n) => !(n in features));
  if (missing)
    throw fail(
      `features lacks the model input '${missing}' (inputs: ${names.join(", ")})`,
    );
  const extra = Object.keys(features).find((n) => !names.includes(n));
  if (extra)
    throw fail(
      `features has '${extra}', which is not a model input (inputs: ${names.join(", ")})`,
    );
  // The work is rows × features × repeats model rows; past the budget it is estimated on a sample.
  const total = truth.y.length;
  const budget = importanceBudget();
  const sample = budgetSample(
    total,
    names.length,
    repeats,
    budget,
    42,
    truth.metric === "auc" ? truth.y : undefined,
  );
  if (sample && sample.length < MIN_SAMPLE_ROWS) {
    throw new DomainError(
      "unprocessable",
      `permutation importance over ${names.length} features × ${repeats} repeats would fit only ${sample.length} rows in the work budget of ${budget.toLocaleString("en-US")} (STAGELINE_IMPORTANCE_BUDGET); at least ${MIN_SAMPLE_ROWS} are needed: send fewer permutation_repeats`,
      { fields: { permutation_repeats: ["Over the work budget"] } },
    );
  }
  const rows = sample ? sample.length : total;
  const pick = (values: number[], i: number) =>
    sample ? (values[sample[i] as number] as number) : (values[i] as number);
  // The matrix and the truth move to the worker thread, which loads the model and runs every
  // shuffle there: model runs are synchronous in onnxruntime-node and would block this loop.
  const data = new Float32Array(rows * names.length);
  names.forEach((name, j) => {
    const values = features[name] as number[];
    for (let i = 0; i < rows; i++) data[i * names.length + j] = pick(values, i);
  });
  const y = Float64Array.from({ length: rows }, (_, i) => pick(truth.y, i));
  // The model's bytes are read (and checked against their SHA-256) here, through the blob store,
  // and moved to the thread, which never touches storage itself.
  const label = artifactLabel(onnx);
  const model = new Uint8Array(await blobStore().read(onnx, `'${label}'`));
  const importances = await runTask(
    "permutation",
    {
      model,
      label,
      names,
      data,
      rows,
      cols: names.length,
      y,
      metric: truth.metric,
      repeats,
      seed: 42,
    },
    {
      transferList: [data.buffer, y.buffer, model.buffer],
      onProgress: (done) =>
        progress(0.9 + done * 0.08, "permutation importance"),
    },
  );
  const sampled = sample ? { sampled: { rows: sample.length, of: total } } : {};
  return importances.map((i) => ({
    ...i,
    method: "permutation" as const,
    metric: truth.metric,
    ...sampled,
  }));
}
