import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { retireNow, requestRetirement } from "@/lib/retirement/retirement";

/** As for a whole model, for one version: a retirement request, or {immediate: true, reason} (admin). */
export const POST = authed<{ name: string; version: string }>(
  async (req, actor, { name, version }) => {
    const body = (await readJson(req)) as Record<string, unknown>;
    const { immediate, ...input } = body ?? {};
    return NextResponse.json(
      immediate === true
        ? retireNow(actor, name, version, input)
        : requestRetirement(actor, name, version, input),
      { status: 201 },
    );
  },
);
