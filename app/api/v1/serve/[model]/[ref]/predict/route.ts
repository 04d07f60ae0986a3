import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { predict } from "@/lib/serving/serving";

/** POST {"inputs": {name: [values]}} or {"instances": [{name: value}]}; ref = alias, stage or version. */
export const POST = authed<{ model: string; ref: string }>(async (req, actor, { model, ref }) =>
  NextResponse.json(await predict(actor, model, ref, await readJson(req, 5 * 1024 * 1024))),
);
