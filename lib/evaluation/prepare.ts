// Raw or precomputed evaluation bodies -> validated figures. Pure computation (no database, no
// server-only module): it runs in a worker thread (lib/workers/heavy.worker.ts), so parsing and
// checking up to 2M rows never blocks the loop that renders pages and answers predictions.
import { DomainError, parseInput } from "@/lib/errors";
import { parseJsonObject } from "@/lib/http/body";
import {
  evaluateBinary,
  evaluateMulticlass,
  evaluateRegression,
  fairnessMetrics,
  fairnessOf,
  type EvaluationResult,
} from "./compute";
import { rawBodyFromCsv } from "./csv-evaluation";
import {
  MAX_ROWS,
  precomputedSchema,
  rawSchema,
  type CsvMapping,
} from "./evaluation.validation";

/** What a permuted prediction is scored against: AUC for a binary classifier, RMSE for a regression. */
export type Truth = { metric: "auc" | "rmse"; y: number[] };

/** What the service keeps of a body once the figures are computed (the raw rows are dropped). */
export type EvaluationMeta = {
  dataset: string;
  split: string;
  history?: { step: number; metric: string; value: number }[];
  feature_importance?: Record<string, number>;
  features?: Record<string, number[]>;
  permutation_repeats: number;
};

export type Prepared = {
  meta: EvaluationMeta;
  result: EvaluationResult;
  scoring: Truth | null;
};

/** Stages of the work, with the share of it done when each starts (for a progress bar). */
export type Progress = (done: number, stage: string) => void;

/** What the evaluation task is given: a body as the JSON API takes it, or a CSV file of predictions
 *  with its column mapping (a separate shape, so no JSON body can pass itself off as a file). */
export type EvaluationInput = {
  body?: unknown;
  csv?: { text: string; mapping: CsvMapping };
};

/** Either input -> its figures: a CSV file becomes the raw body its columns map to, then the same computation. */
export function prepareInput(
  input: EvaluationInput,
  progress: Progress = () => {},
): Prepared {
  if (!input.csv) return prepareEvaluation(input.body, progress);
  progress(0.05, "reading the CSV file");
  const body = rawBodyFromCsv(input.csv.text, input.csv.mapping);
  progress(0.2, "validating");
  const prepared = fromRaw(body as Record<string, unknown>, progress);
  progress(1, "computed");
  return prepared;
}

/** A body (its JSON text as it came in, the route's size limit already applied, or an object) -> its figures, or a DomainError naming the field. */
export function prepareEvaluation(
  input: unknown,
  progress: Progress = () => {},
): Prepared {
  progress(0.05, "parsing");
  const body = (
    typeof input === "string" ? parseJsonObject(input, Infinity) : (input ?? {})
  ) as Record<string, unknown>;
  if (Array.isArray(body.y_true) && body.y_true.length > MAX_ROWS) {
    throw new DomainError(
      "too_large",
      `y_true has ${body.y_true.length} rows; at most ${MAX_ROWS} are accepted in one evaluation`,
      {
        fields: { y_true: ["Too many rows"] },
      },
    );
  }
  progress(0.2, "validating");
  if (!("y_true" in body)) return fromPrecomputed(body);
  const prepared = fromRaw(body, progress);
  progress(1, "computed");
  return prepared;
}

function metaOf(
  d: {
    dataset: string;
    split: string;
    history?: EvaluationMeta["history"];
    feature_importance?: Record<string, number>;
  },
  extra: Partial<EvaluationMeta> = {},
): EvaluationMeta {
  return {
    dataset: d.dataset,
    split: d.split,
    history: d.history,
    feature_importance: d.feature_importance,
    permutation_repeats: 5,
    ...extra,
  };
}

function fromRaw(body: Record<string, unknown>, progress: Progress): Prepared {
  const d = parseInput(rawSchema, body);
  progress(0.5, "computing");
  const meta = metaOf(d, {
    features: d.features,
    permutation_repeats: d.permutation_repeats,
  });
  const regression =
    d.task === "regression" ||
    (d.task === undefined &&
      !d.y_score &&
      d.y_true.every((v) => typeof v === "number") &&
      new Set(d.y_true).size > 2 &&
      d.y_pred?.every((v) => typeof v === "number"));
  if (regression) {
    if (!d.y_pred)
      throw new DomainError("invalid", "Regression needs y_pred", {
        fields: { y_pred: ["Required for regression"] },
      });
    if (
      !d.y_true.every((v) => typeof v === "number") ||
      !d.y_pred.every((v) => typeof v === "number")
    )
      throw new DomainError(
        "invalid",
        "Regression needs numeric y_true and y_pred",
        { fields: { y_true: ["Must be numbers"] } },
      );
    const result = evaluateRegression(
      Float64Array.from(d.y_true as number[]),
      Float64Array.from(d.y_pred as number[]),
    );
    return {
      meta,
      result,
      scoring: d.features ? { metric: "rmse", y: d.y_true as number[] } : null,
    };
  }
  const truth = d.y_true.map(String);
  const labels = (d.labels ?? [...new Set(truth)].sort()).map(String);
  const known = new Set(labels);
  const unknownTrue = truth.find((t) => !known.has(t));
  if (unknownTrue !== undefined)
    throw new DomainError(
      "invalid",
      `y_true has the label '${unknownTrue}', which is not among labels [${labels.join(", ")}]`,
      {
        fields: { y_true: ["Unknown class label"] },
      },
    );
  if (d.y_score) {
    if (labels.length !== 2)
      throw new DomainError(
        "invalid",
        `y_score needs exactly two classes; y_true has ${labels.length} (${labels.slice(0, 5).join(", ")}...): send y_pred for multi-class`,
        { fields: { y_true: ["Not binary"] } },
      );
    const positive =
      d.positive_label !== undefined
        ? String(d.positive_label)
        : (labels.find((l) =>
            ["1", "true", "yes", "positive"].includes(l.toLowerCase()),
          ) ?? (labels[1] as string));
    if (!known.has(positive))
      throw new DomainError(
        "invalid",
        `positive_label '${positive}' is not in y_true`,
        {
          fields: { positive_label: ["Not a label of y_true"] },
        },
      );
    const negative = labels.find((l) => l !== positive) as string;
    const y = Uint8Array.from(truth, (t) => (t === positive ? 1 : 0));
    const groups = Object.fromEntries(
      Object.entries(d.groups ?? {}).map(([k, vals]) => [
        k,
        vals.map((x) => (x === null ? "(missing)" : String(x))),
      ]),
    );
    try {
      const result = evaluateBinary(
        y,
        Float64Array.from(d.y_score),
        groups,
        d.threshold,
        [negative, positive],
      );
      return {
        meta,
        result,
        scoring: d.features ? { metric: "auc", y: Array.from(y) } : null,
      };
    } catch (e) {
      throw new DomainError(
        "invalid",
        e instanceof Error ? e.message : String(e),
        { fields: { y_true: ["Needs both classes"] } },
      );
    }
  }
  const pred = (d.y_pred ?? []).map(String);
  const unknownPred = pred.find((p) => !known.has(p));
  if (unknownPred !== undefined)
    throw new DomainError(
      "invalid",
      `y_pred has the label '${unknownPred}', which is not among labels [${labels.join(", ")}]`,
      {
        fields: { y_pred: ["Unknown class label"] },
      },
    );
  return {
    meta,
    result: evaluateMulticlass(truth, pred, labels),
    scoring: null,
  };
}

function fromPrecomputed(body: Record<string, unknown>): Prepared {
  const d = parseInput(precomputedSchema, body);
  const slices = (d.slices ?? []).map((s) => ({
    ...s,
    tpr: s.tpr ?? null,
    fpr: s.fpr ?? null,
    accuracy: s.accuracy ?? 0,
  }));
  const fairness = [...new Set(slices.map((s) => s.attribute))].map((a) =>
    fairnessOf(
      a,
      slices.filter((s) => s.attribute === a),
    ),
  );
  const result: EvaluationResult = {
    task: d.task,
    rows: 0,
    metrics: { ...fairnessMetrics(fairness), ...d.metrics },
    curves: {
      roc: d.curves?.roc,
      pr: d.curves?.pr,
      calibration: d.curves?.calibration,
    },
    confusion: d.confusion_matrix,
    slices,
    fairness,
  };
  return { meta: metaOf(d), result, scoring: null };
}
