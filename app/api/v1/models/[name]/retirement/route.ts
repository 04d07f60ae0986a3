import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { retireNow, requestRetirement } from "@/lib/retirement/retirement";

/**
 * POST {category, reason, sunset_date, replacement_model?, replacement_version?, retention_days?}:
 * asks reviewers to retire the whole model. An admin may send {immediate: true, reason} to retire at once.
 */
export const POST = authed<{ name: string }>(async (req, actor, { name }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const { immediate, ...input } = body ?? {};
  return NextResponse.json(
    immediate === true
      ? retireNow(actor, name, null, input)
      : requestRetirement(actor, name, null, input),
    { status: 201 },
  );
});
