import { NextResponse } from "next/server";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import { listEvaluations } from "@/lib/evaluation/queries";
import { readRequestBody } from "@/lib/http/body";
import { authed } from "@/lib/http/route";

type P = { name: string; version: string };

export const GET = authed<P>(async (_req, actor, { name, version }) =>
  NextResponse.json({ evaluations: listEvaluations(actor, name, version) }),
);

/**
 * POST either precomputed figures {dataset, split, metrics, curves?, confusion_matrix?, slices?,
 * history?, feature_importance?} or raw predictions {dataset, split, y_true, y_score | y_pred,
 * groups?, threshold?, positive_label?, features?} for Stageline to compute everything itself
 * (features: the input columns, for permutation importance with the version's ONNX model).
 */
export const POST = authed<P>(async (req, actor, { name, version }) => {
  // The text goes to the evaluation's worker thread as it came, to be parsed there: JSON.parse of
  // 2M rows is itself seconds of work that must not run on the request loop.
  const text = (await readRequestBody(req, 128 * 1024 * 1024)).toString("utf8");
  return NextResponse.json(await logEvaluation(actor, name, version, text), {
    status: 201,
  });
});
