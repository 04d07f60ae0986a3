// Demo registry content, computed at first start: two real models trained here in TypeScript on
// real data (vega-datasets), several versions each that differ in features and regularisation,
// with metrics measured on a held-out split and the fitted model stored as an artifact.
import "server-only";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { user } from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "@/lib/auth/actor";
import { carsMpg, penguinsSex, type Dataset } from "@/lib/ml/datasets";
import type { LinearModel } from "@/lib/ml/models";
import { setAlias } from "@/lib/registry/aliases";
import { putArtifact } from "@/lib/registry/artifacts";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import { createDeployment } from "@/lib/deployments/deployments";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { setReference } from "@/lib/drift/drift";
import { setPolicy } from "@/lib/lifecycle/policies";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { requestTransition } from "@/lib/lifecycle/requests";
import {
  CARS,
  evaluationBody,
  PENGUINS,
  splitRows,
  SPLIT_SEED,
  trainVariant,
  type Task,
  type Variant,
} from "./training";

const CATEGORICAL = new Set(["cylinders", "is_gentoo", "is_chinstrap"]);

export async function seedDemoModels(
  log: (line: string) => void,
): Promise<void> {
  const scientist = demoActor("scientist@stageline.local");
  if (!scientist) return;
  await register(
    scientist,
    "cars-mpg",
    "regression",
    "rmse",
    carsMpg(),
    CARS,
    log,
    "Predicts a car's fuel economy (miles per gallon) from its specifications.",
  );
  await register(
    scientist,
    "penguins-sex",
    "classification",
    "auc",
    penguinsSex(),
    PENGUINS,
    log,
    "Predicts whether a penguin is male from beak, flipper and body measurements (Palmer penguins).",
  );
  seedLifecycle(scientist, log);
}

/**
 * Walks the demo models through the real approval flow: v1 to production, then v3 replacing it,
 * v2 to staging, and one open request whose gate fails, so every page has something true to show.
 */
function seedLifecycle(scientist: Actor, log: (line: string) => void): void {
  const admin = demoActor("admin@stageline.local");
  const r1 = demoActor("reviewer@stageline.local");
  const r2 = demoActor("reviewer2@stageline.local");
  if (!admin || !r1 || !r2) return;
  const gates: Record<string, string[]> = {
    "cars-mpg": ["rmse <= 5", "beats production on rmse"],
    "penguins-sex": ["auc >= 0.75", "beats production on auc"],
  };
  for (const name of ["cars-mpg", "penguins-sex"]) {
    setPolicy(admin, {
      model: name,
      stage: "production",
      required_approvals: 2,
      gates: gates[name],
      single_version: true,
      champion_follows: true,
    });
    const promote = (
      version: number,
      to: "staging" | "production",
      comment: string,
    ) => {
      const req = requestTransition(scientist, name, version, {
        to_stage: to,
        comment,
      });
      approveRequest(r1, req.id, {
        comment: "Metrics look right on the holdout split.",
      });
      if (to === "production")
        approveRequest(r2, req.id, { comment: "Approved." });
    };
    promote(1, "production", "First model for this use case.");
    promote(
      3,
      "production",
      "Uses every feature; better on the held-out split.",
    );
    promote(2, "staging", "Smaller feature set for a cheaper endpoint.");
  }
  requestTransition(scientist, "cars-mpg", 2, {
    to_stage: "production",
    comment: "Two features only: cheaper to serve. Worth the error?",
  });
  for (const name of ["cars-mpg", "penguins-sex"])
    createDeployment(scientist, name, {
      version: 3,
      environment: "production",
      target: "stageline",
    });
  log(
    "  lifecycle: v1 then v3 approved into production, v2 in staging, one open request on cars-mpg v2; v3 of each deployed on the built-in endpoint",
  );
}

function demoActor(email: string): Actor | null {
  const row = getDb().select().from(user).where(eq(user.email, email)).get();
  return row
    ? {
        id: row.id,
        email: row.email,
        name: row.name,
        role: row.role,
        via: "system",
      }
    : null;
}

async function register(
  actor: Actor,
  name: string,
  task: Task,
  keyMetric: string,
  ds: Dataset,
  variants: Variant[],
  log: (l: string) => void,
  useCase: string,
) {
  createModel(actor, {
    name,
    task,
    key_metric: keyMetric,
    use_case: useCase,
    description: `Trained at first start on \`${ds.name}\` (${ds.X.length} rows, 75/25 train/test split with a fixed seed). Target: \`${ds.target}\`.`,
    tags: {
      team: task === "regression" ? "mobility" : "ecology",
      demo: "true",
    },
  });
  const split = splitRows(ds);
  let best = {
    version: 1,
    score: task === "regression" ? Infinity : -Infinity,
  };
  for (const v of variants) {
    const trained = trainVariant(task, ds, split, v);
    const { model, tr, te, metrics } = trained;
    const version = createVersion(actor, name, {
      description: v.description,
      framework: "stageline-ts",
      flavor: model.kind,
      source: `stageline://demo/${name}`,
      lineage: {
        dataset_name: ds.name,
        dataset_version: `sha256:${ds.sha256.slice(0, 16)}`,
      },
      params: {
        features: v.features.join(","),
        l2: v.l2,
        train_rows: tr.X.length,
        test_rows: te.X.length,
        split_seed: SPLIT_SEED,
      },
      metrics: round(metrics),
      signature: {
        inputs: v.features.map((f) => ({
          name: f,
          type: "float32" as const,
          shape: [-1],
        })),
        outputs: [
          {
            name: task === "regression" ? ds.target : "probability",
            type: "float32" as const,
            shape: [-1],
          },
        ],
      },
    });
    await putArtifact(
      actor,
      name,
      String(version.version),
      "model.onnx",
      Readable.from([
        Buffer.from(exportOnnx(model, `${name}-v${version.version}`)),
      ]),
    );
    await putArtifact(
      actor,
      name,
      String(version.version),
      "model.json",
      Readable.from([Buffer.from(JSON.stringify(modelFile(model), null, 2))]),
    );
    await putArtifact(
      actor,
      name,
      String(version.version),
      "reference_sample.csv",
      Readable.from([
        Buffer.from(
          sampleCsv(
            v.features,
            ds.target,
            te.X.slice(0, 25),
            te.y.slice(0, 25),
          ),
        ),
      ]),
    );
    // The evaluation is computed by Stageline itself from this version's real test-set predictions.
    await logEvaluation(
      actor,
      name,
      version.version,
      evaluationBody(task, ds, split, v, trained),
    );
    // Species indicators and cylinder counts are codes, so drift compares their shares.
    const categorical = v.features.filter((f) => CATEGORICAL.has(f));
    setReference(actor, name, version.version, {
      features: Object.fromEntries(
        v.features.map((f, j) => [f, tr.X.map((row) => row[j] as number)]),
      ),
      categorical,
    });
    const score = metrics[keyMetric] as number;
    if (task === "regression" ? score < best.score : score > best.score)
      best = { version: version.version, score };
  }
  // champion is a protected alias (it moves only through an approved request), but these models
  // were trained a moment ago and nobody could have reviewed them yet: Stageline itself, the
  // system actor, names the best one, and the audit trail says so. The approved promotions in
  // seedLifecycle then move it the governed way (champion_follows).
  setAlias(SYSTEM_ACTOR, name, "champion", best.version);
  log(
    `  ${name}: ${variants.length} versions trained on ${ds.name}; champion v${best.version} (${keyMetric} ${best.score.toFixed(3)})`,
  );
}

function modelFile(m: LinearModel) {
  return {
    format: "stageline-linear/1",
    onnx: { input: "X", input_order: m.features, output: "prediction" },
    kind: m.kind,
    features: m.features,
    standardize: { mean: m.mean, std: m.std },
    weights: m.weights,
    intercept: m.intercept,
    l2: m.l2,
  };
}

function sampleCsv(
  features: string[],
  target: string,
  X: number[][],
  y: number[],
): string {
  return (
    [
      [...features, target].join(","),
      ...X.map((r, i) => [...r, y[i]].join(",")),
    ].join("\n") + "\n"
  );
}

function round(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(metrics).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]),
  );
}
