import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { predict, PREDICT_MAX_BYTES } from "@/lib/serving/serving";

/**
 * POST {"inputs": {name: [values]}} or {"instances": [{name: value}]}; ref = alias, stage or version.
 * A deprecated model or version answers with Deprecation, Sunset and Link headers; a retired one 410.
 * In the running server lib/http/direct.ts answers this path before Next's router; this handler
 * is the same answer for when that is not installed.
 */
export const POST = authed<{ model: string; ref: string }>(async (req, actor, { model, ref }) => {
  const { headers, ...prediction } = await predict(actor, model, ref, await readJson(req, PREDICT_MAX_BYTES));
  return NextResponse.json(prediction, headers ? { headers } : undefined);
});
