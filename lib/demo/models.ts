// Demo registry content, computed at first start: a dozen real models trained here in TypeScript
// on real data (vega-datasets), several versions each that differ in features and regularisation,
// with metrics measured on a held-out split and the fitted model stored as an artifact. Their six
// months of history (lib/demo/history.ts) are replayed in time order through the real services,
// each step with the clock set to its past time (lib/clock.ts), then a few days of traffic
// (lib/demo/traffic.ts) through the real prediction and feedback paths.
import "server-only";
import { Readable } from "node:stream";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { modelVersions, registeredModels, user } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { atTime } from "@/lib/clock";
import type { LinearModel } from "@/lib/ml/models";
import { putArtifact } from "@/lib/registry/artifacts";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import {
  createDeployment,
  listDeployments,
  stopDeployment,
} from "@/lib/deployments/deployments";
import { exportOnnx } from "@/lib/ml/onnx-export";
import { setReference } from "@/lib/drift/drift";
import { setPolicy } from "@/lib/lifecycle/policies";
import { approveRequest, rejectRequest } from "@/lib/lifecycle/decisions";
import { requestRollback, requestTransition } from "@/lib/lifecycle/requests";
import { createRule } from "@/lib/alerts/rules";
import { requestRetirement, retireNow } from "@/lib/retirement/retirement";
import type { DemoDataset } from "./datasets";
import {
  DAYS,
  DEMO_MODELS,
  HOURS,
  timeOf,
  type Action,
  type DemoModel,
} from "./history";
import { trafficSteps, type Step } from "./traffic";
import {
  evaluationBody,
  splitRows,
  SPLIT_SEED,
  trainVariant,
  type Split,
  type Trained,
} from "./training";

const CATEGORICAL = new Set([
  "cylinders",
  "is_gentoo",
  "is_chinstrap",
  "is_male",
  "is_weekend",
]);
const MINUTE = 60_000;

export type DemoActors = {
  scientist: Actor;
  admin: Actor;
  reviewer: Actor;
  reviewer2: Actor;
};

/** What the replay keeps of a model between its steps. */
type Live = {
  spec: DemoModel;
  ds: DemoDataset;
  split: Split;
  trained: Map<number, Trained>;
  versions: number;
};

export async function seedDemoModels(
  log: (line: string) => void,
  start = Date.now(),
): Promise<void> {
  const scientist = demoActor("scientist@stageline.local");
  const admin = demoActor("admin@stageline.local");
  const reviewer = demoActor("reviewer@stageline.local");
  const reviewer2 = demoActor("reviewer2@stageline.local");
  if (!scientist || !admin || !reviewer || !reviewer2) return;
  const actors = { scientist, admin, reviewer, reviewer2 };
  const live = new Map<string, Live>();
  const steps: Step[] = [];
  for (const spec of DEMO_MODELS) {
    const first = spec.plan[0];
    if (!first) continue;
    steps.push({
      at: timeOf(first.at, start) - 5 * MINUTE,
      run: () => {
        const ds = spec.data();
        live.set(spec.name, {
          spec,
          ds,
          split: splitRows(ds),
          trained: new Map(),
          versions: 0,
        });
        registerModel(actors, spec, ds);
      },
    });
    for (const action of spec.plan)
      steps.push(
        ...actionSteps(actors, action, timeOf(action.at, start), start, () => {
          const l = live.get(spec.name);
          if (!l) throw new Error(`demo: ${spec.name} not registered yet`);
          return l;
        }),
      );
  }
  steps.push(...trafficSteps(actors, start, log));
  // One history in time order: the audit chain, lead times and the weekly charts read it so.
  steps.sort((a, b) => a.at - b.at);
  const began = performance.now();
  for (const step of steps)
    if (step.at < start) await atTime(step.at, step.run);
  for (const l of live.values()) {
    const best = [...l.trained.entries()].map(
      ([n, t]) =>
        `v${n} ${l.spec.keyMetric} ${(t.metrics[l.spec.keyMetric] ?? NaN).toFixed(3)}`,
    );
    log(`  ${l.spec.name} (${l.spec.team}): ${best.join(", ")}`);
  }
  log(
    `  ${steps.length} steps of history over ${Math.round((start - (steps[0]?.at ?? start)) / DAYS)} days replayed in ${Math.round(performance.now() - began)} ms`,
  );
}

function registerModel(actors: DemoActors, spec: DemoModel, ds: DemoDataset) {
  createModel(actors.scientist, {
    name: spec.name,
    task: spec.task,
    key_metric: spec.keyMetric,
    use_case: spec.useCase,
    description: `Trained at first start on \`${ds.name}\` (${ds.X.length} rows, 75/25 train/test split with a fixed seed). Target: \`${ds.target}\`.`,
    tags: { team: spec.team, demo: "true" },
  });
  if (spec.policy)
    setPolicy(actors.admin, {
      model: spec.name,
      stage: "production",
      required_approvals: 2,
      gates: spec.policy,
      single_version: true,
      champion_follows: true,
    });
}

/** The steps of one planned action, each at its own time (a request, then its approvals...). */
function actionSteps(
  actors: DemoActors,
  action: Action,
  at: number,
  start: number,
  model: () => Live,
): Step[] {
  const { scientist, admin, reviewer, reviewer2 } = actors;
  const name = () => model().spec.name;
  const approve = (id: () => number, waits: number[]): Step[] =>
    waits.map((w, i) => ({
      at: at + w * HOURS,
      run: () => {
        approveRequest(i === 0 ? reviewer : reviewer2, id(), {
          comment: APPROVALS[(id() + i) % APPROVALS.length],
        });
      },
    }));
  switch (action.do) {
    case "version":
      return versionSteps(scientist, model, at);
    case "promote":
    case "rollback": {
      let id = 0;
      const steps: Step[] = [
        {
          at,
          run: () => {
            id =
              action.do === "promote"
                ? requestTransition(scientist, name(), action.version, {
                    to_stage: action.to,
                    comment: action.comment,
                  }).id
                : requestRollback(scientist, name(), action.comment).id;
          },
        },
        ...approve(() => id, action.waits),
      ];
      const deploy = action.do === "rollback" || action.deploy;
      const last = Math.max(...action.waits);
      if (deploy)
        steps.push({
          at: at + last * HOURS + 20 * MINUTE,
          run: () => redeploy(scientist, name()),
        });
      return steps;
    }
    case "reject": {
      let id = 0;
      return [
        {
          at,
          run: () => {
            id = requestTransition(scientist, name(), action.version, {
              to_stage: action.to,
              comment: action.comment,
            }).id;
          },
        },
        {
          at: at + action.wait * HOURS,
          run: () => {
            rejectRequest(reviewer2, id, { comment: action.reason });
          },
        },
      ];
    }
    case "request":
      return [
        {
          at,
          run: () => {
            requestTransition(scientist, name(), action.version, {
              to_stage: action.to,
              comment: action.comment,
            });
          },
        },
      ];
    case "retire": {
      let id = 0;
      return [
        {
          at,
          run: () => {
            const sunset = new Date(start + action.sunsetInDays * DAYS)
              .toISOString()
              .slice(0, 10);
            id = requestRetirement(scientist, name(), null, {
              category: action.category,
              reason: action.reason,
              sunset_date: sunset,
            }).request_id;
          },
        },
        {
          at: at + action.wait * HOURS,
          run: () => {
            approveRequest(reviewer, id, {
              comment:
                "Checked the endpoint's callers: the VIN decoder covers them.",
            });
          },
        },
      ];
    }
    case "retire-now":
      return [
        {
          at,
          run: () => {
            retireNow(admin, name(), null, {
              category: "replaced",
              reason: action.reason,
              replacement_model: action.replacement.model,
              replacement_version: action.replacement.version,
            });
          },
        },
      ];
    case "alert-rule":
      return [
        {
          at,
          run: () => {
            const dep = liveProduction(scientist, name());
            if (dep === null) return;
            createRule(scientist, {
              name: action.name,
              deployment_id: dep,
              metric: "drift.psi_max",
              aggregation: "max",
              comparator: ">",
              threshold: 0.25,
              window_seconds: 3600,
              for_seconds: 0,
              severity: "warning",
              runbook_url: action.runbook,
            });
          },
        },
      ];
  }
}

const APPROVALS = [
  "Metrics look right on the holdout split.",
  "Approved.",
  "Checked the evaluation slices: no group is worse.",
  "Fine by me; watch the live error the first week.",
  "Approved: the model card says what it is not for.",
];

/** The model's live production deployment on the built-in endpoint, if any. */
export function liveProduction(actor: Actor, model: string): number | null {
  return (
    listDeployments(actor, { model, live: true }).find(
      (d) => d.environment === "production" && d.target === "stageline",
    )?.id ?? null
  );
}

/** Serves the version now in production: the old deployment stops, a new one starts. */
function redeploy(actor: Actor, model: string): void {
  const old = listDeployments(actor, { model, live: true }).filter(
    (d) => d.environment === "production",
  );
  const current = getDb()
    .select({ version: modelVersions.version })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(
      and(
        eq(registeredModels.name, model),
        eq(modelVersions.stage, "production"),
      ),
    )
    .get();
  for (const d of old)
    if (d.version !== current?.version) stopDeployment(actor, d.id);
  if (current && !old.some((d) => d.version === current.version))
    createDeployment(actor, model, {
      version: current.version,
      environment: "production",
      target: "stageline",
    });
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

/** Trains the model's next variant and registers it: version, files, evaluation, reference. */
function versionSteps(actor: Actor, model: () => Live, at: number): Step[] {
  let n = 0;
  return [
    {
      at,
      run: () => {
        const l = model();
        const variant = l.spec.variants[l.versions];
        if (!variant)
          throw new Error(`demo: ${l.spec.name} has no variant left`);
        const trained = trainVariant(l.spec.task, l.ds, l.split, variant);
        const { model: fitted, tr, te, metrics } = trained;
        const output =
          l.spec.task === "regression" ? l.ds.target : "probability";
        n = createVersion(actor, l.spec.name, {
          description: variant.description,
          framework: "stageline-ts",
          flavor: fitted.kind,
          source: `stageline://demo/${l.spec.name}`,
          lineage: {
            dataset_name: l.ds.name,
            dataset_version: `sha256:${l.ds.sha256.slice(0, 16)}`,
          },
          params: {
            features: variant.features.join(","),
            l2: variant.l2,
            train_rows: tr.X.length,
            test_rows: te.X.length,
            split_seed: SPLIT_SEED,
          },
          metrics: round(metrics),
          signature: {
            inputs: variant.features.map((f) => ({
              name: f,
              type: "float32" as const,
              shape: [-1],
            })),
            outputs: [{ name: output, type: "float32" as const, shape: [-1] }],
          },
        }).version;
        l.versions += 1;
        l.trained.set(n, trained);
      },
    },
    {
      at: at + 2 * MINUTE,
      run: async () => {
        const l = model();
        const t = l.trained.get(n);
        if (!t) return;
        const { model: fitted, te } = t;
        const files: [string, string | Uint8Array][] = [
          ["model.onnx", exportOnnx(fitted, `${l.spec.name}-v${n}`)],
          ["model.json", JSON.stringify(modelFile(fitted), null, 2)],
          [
            "reference_sample.csv",
            sampleCsv(
              fitted.features,
              l.ds.target,
              te.X.slice(0, 25),
              te.y.slice(0, 25),
            ),
          ],
        ];
        for (const [path, body] of files)
          await putArtifact(
            actor,
            l.spec.name,
            String(n),
            path,
            Readable.from([Buffer.from(body)]),
          );
      },
    },
    {
      // The evaluation is computed by Stageline itself from this version's real test-set predictions.
      at: at + 6 * MINUTE,
      run: async () => {
        const l = model();
        const t = l.trained.get(n);
        const variant = l.spec.variants[n - 1];
        if (!t || !variant) return;
        await logEvaluation(
          actor,
          l.spec.name,
          n,
          evaluationFor(l, variant.features, t),
        );
        // Indicators and counts are codes, so drift compares their shares.
        setReference(actor, l.spec.name, n, {
          features: Object.fromEntries(
            variant.features.map((f, j) => [
              f,
              t.tr.X.map((row) => row[j] as number),
            ]),
          ),
          categorical: variant.features.filter((f) => CATEGORICAL.has(f)),
        });
      },
    },
  ];
}

/**
 * The two original demo models log what they always did (coefficients, or permutation importance
 * with species slices for penguins-sex); the others log their test predictions with the fitted
 * coefficients as importance, which keeps the first start fast.
 */
function evaluationFor(
  l: Live,
  features: string[],
  t: Trained,
): Record<string, unknown> {
  if (l.spec.name === "cars-mpg" || l.spec.name === "penguins-sex") {
    const variant = l.spec.variants.find((x) => x.features === features);
    if (variant) return evaluationBody(l.spec.task, l.ds, l.split, variant, t);
  }
  const importance = Object.fromEntries(
    t.model.features.map((f, j) => [f, t.model.weights[j] as number]),
  );
  if (l.spec.task === "regression")
    return {
      dataset: l.ds.name,
      split: "test",
      task: "regression",
      y_true: t.te.y,
      y_pred: t.preds,
      feature_importance: importance,
    };
  const [no, yes] = l.ds.labels ?? ["0", "1"];
  return {
    dataset: l.ds.name,
    split: "test",
    y_true: t.te.y.map((y) => (y ? yes : no)),
    y_score: t.preds,
    positive_label: yes,
    history: t.history,
    feature_importance: importance,
  };
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
