import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { predict } from "@/lib/serving/serving";

/**
 * POST {"inputs": {name: [values]}} or {"instances": [{name: value}]}; ref = alias, stage or version.
 * A deprecated model or version answers with Deprecation, Sunset and Link headers; a retired one 410.
 */
export const POST = authed<{ model: string; ref: string }>(async (req, actor, { model, ref }) => {
  const { headers, ...prediction } = await predict(actor, model, ref, await readJson(req, 5 * 1024 * 1024));
  return NextResponse.json(prediction, headers ? { headers } : undefined);
});
