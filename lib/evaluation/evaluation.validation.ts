// What may be logged as an evaluation: precomputed figures, or raw predictions to compute from.
import { z } from "zod";

export const MAX_ROWS = 2_000_000;

const finite = (label: string) =>
  z.number({ error: `${label} must be numbers` }).refine(Number.isFinite, {
    message: `${label} must be finite numbers (no NaN or Infinity)`,
  });
const point = z.object({
  x: finite("curve points"),
  y: finite("curve points"),
  threshold: z.number().optional(),
});
const name = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { message: `${label} is required` })
    .max(256);

const common = {
  dataset: name("dataset"),
  split: name("split").default("test"),
  history: z
    .array(
      z.object({
        step: finite("history steps"),
        metric: z.string().min(1).max(250),
        value: finite("history values"),
      }),
    )
    .max(100_000)
    .optional(),
  feature_importance: z
    .record(z.string().min(1).max(250), finite("feature importance"))
    .optional(),
};

export const precomputedSchema = z.object({
  ...common,
  task: z.enum(["classification", "regression"]).default("classification"),
  metrics: z
    .record(z.string().min(1).max(250), finite("metrics"))
    .refine((m) => Object.keys(m).length > 0, {
      message: "log at least one metric",
    }),
  curves: z
    .object({
      roc: z.array(point).max(10_000).optional(),
      pr: z.array(point).max(10_000).optional(),
      calibration: z
        .array(
          z.object({
            bin: finite("bins"),
            predicted: finite("bins"),
            observed: finite("bins"),
            count: z.number().int().min(0),
          }),
        )
        .max(1000)
        .optional(),
    })
    .optional(),
  confusion_matrix: z
    .object({
      labels: z.array(z.string().max(256)).min(2).max(1000),
      matrix: z.array(z.array(z.number().int().min(0))),
    })
    .refine(
      (c) =>
        c.matrix.length === c.labels.length &&
        c.matrix.every((r) => r.length === c.labels.length),
      { message: "matrix must be labels × labels" },
    )
    .optional(),
  slices: z
    .array(
      z.object({
        attribute: z.string().max(250),
        group: z.string().max(250),
        count: z.number().int().min(0),
        selection_rate: finite("slices"),
        tpr: finite("slices").nullable().optional(),
        fpr: finite("slices").nullable().optional(),
        accuracy: finite("slices").optional(),
      }),
    )
    .max(10_000)
    .optional(),
});

export const rawSchema = z
  .object({
    ...common,
    y_true: z
      .array(z.union([finite("y_true"), z.string().max(256), z.boolean()]), {
        error: "y_true must be a list",
      })
      .min(1, { message: "y_true is empty" })
      .max(MAX_ROWS),
    y_score: z.array(finite("y_score")).max(MAX_ROWS).optional(),
    y_pred: z
      .array(z.union([finite("y_pred"), z.string().max(256), z.boolean()]))
      .max(MAX_ROWS)
      .optional(),
    task: z.enum(["classification", "regression"]).optional(),
    positive_label: z.union([z.string(), z.number(), z.boolean()]).optional(),
    labels: z
      .array(z.union([z.string().max(256), z.number()]))
      .max(1000)
      .optional(),
    groups: z
      .record(
        z.string().min(1).max(250),
        z.array(
          z.union([z.string().max(256), z.number(), z.boolean(), z.null()]),
        ),
      )
      .optional(),
    threshold: z.number().min(0).max(1).default(0.5),
    features: z
      .record(
        z.string().min(1).max(250),
        z.array(finite("features")).max(MAX_ROWS),
      )
      .optional()
      .describe(
        "Input columns of the evaluated rows: Stageline runs the version's ONNX model on them with each column shuffled (permutation importance), on a seeded sample of rows past the work budget (STAGELINE_IMPORTANCE_BUDGET)",
      ),
    permutation_repeats: z.number().int().min(1).max(20).default(5),
  })
  .superRefine((d, ctx) => {
    if (!d.y_score && !d.y_pred)
      ctx.addIssue({
        code: "custom",
        path: ["y_score"],
        message:
          "send y_score (scores or probabilities) or y_pred (predicted values or labels)",
      });
    for (const key of ["y_score", "y_pred"] as const) {
      const v = d[key];
      if (v && v.length !== d.y_true.length)
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} has ${v.length} values but y_true has ${d.y_true.length}`,
        });
    }
    if (d.features && d.feature_importance)
      ctx.addIssue({
        code: "custom",
        path: ["features"],
        message:
          "send features (computed permutation importance) or feature_importance (your own values), not both",
      });
    for (const [f, values] of Object.entries(d.features ?? {})) {
      if (values.length !== d.y_true.length)
        ctx.addIssue({
          code: "custom",
          path: ["features", f],
          message: `feature column '${f}' has ${values.length} values but y_true has ${d.y_true.length}`,
        });
    }
    for (const [g, values] of Object.entries(d.groups ?? {})) {
      if (values.length !== d.y_true.length)
        ctx.addIssue({
          code: "custom",
          path: ["groups", g],
          message: `group column '${g}' has ${values.length} values but y_true has ${d.y_true.length}`,
        });
    }
  });

export type RawInput = z.input<typeof rawSchema>;
export type PrecomputedInput = z.input<typeof precomputedSchema>;

/** A CSV file of predictions is at most this big (bytes) and this long (data rows). */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;
export const MAX_CSV_ROWS = 1_000_000;

const column = (label: string) =>
  z
    .string({ error: `${label} must name a column` })
    .trim()
    .min(1, { message: `${label} must name a column` })
    .max(250);

/** Which columns of an uploaded CSV file hold what (lib/evaluation/csv-evaluation.ts reads it). */
export const csvMappingSchema = z
  .object({
    dataset: name("dataset"),
    split: name("split").default("test"),
    label: column("label"),
    score: column("score").optional(),
    prediction: column("prediction").optional(),
    slice: column("slice").optional(),
    positive_label: z.string().trim().min(1).max(256).optional(),
  })
  .superRefine((m, ctx) => {
    if (!m.score === !m.prediction)
      ctx.addIssue({
        code: "custom",
        path: [m.score ? "prediction" : "score"],
        message:
          "name one column of predictions: score (scores or probabilities) or prediction (predicted labels or values)",
      });
    const predictions = m.score ?? m.prediction;
    if (predictions === m.label)
      ctx.addIssue({
        code: "custom",
        path: [m.score ? "score" : "prediction"],
        message: "the predictions and the label must be different columns",
      });
    if (m.slice && (m.slice === m.label || m.slice === predictions))
      ctx.addIssue({
        code: "custom",
        path: ["slice"],
        message:
          "the slice must be a column other than the label and the predictions",
      });
  });

export type CsvMapping = z.output<typeof csvMappingSchema>;
