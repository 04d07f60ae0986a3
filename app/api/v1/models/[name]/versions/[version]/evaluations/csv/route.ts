import { NextResponse } from "next/server";
import { logCsvEvaluation } from "@/lib/evaluation/evaluations";
import { MAX_CSV_BYTES } from "@/lib/evaluation/evaluation.validation";
import { readRequestBody } from "@/lib/http/body";
import { authed } from "@/lib/http/route";

type P = { name: string; version: string };

const MAPPING = [
  "dataset",
  "split",
  "label",
  "score",
  "prediction",
  "slice",
  "positive_label",
] as const;

/**
 * POST a CSV file of predictions as the body (text/csv, at most 32 MiB and 1,000,000 rows); the
 * query names its columns: ?dataset=&label=&score= (or &prediction=), optional &slice=, &split=,
 * &positive_label=. The version page's upload form sends its file here.
 */
export const POST = authed<P>(async (req, actor, { name, version }) => {
  const query = new URL(req.url).searchParams;
  const mapping = Object.fromEntries(
    MAPPING.flatMap((k) => {
      const v = query.get(k);
      return v === null || v === "" ? [] : [[k, v]];
    }),
  );
  const file = async () =>
    (await readRequestBody(req, MAX_CSV_BYTES)).toString("utf8");
  return NextResponse.json(
    await logCsvEvaluation(actor, name, version, file, mapping),
    { status: 201 },
  );
});
