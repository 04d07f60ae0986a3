import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getModelDetail, listModels } from "@/lib/registry/queries";
import { createModel } from "@/lib/registry/models";

/** GET /api/v1/models?q=&tag=key=value&stage=&status=&owner=&sort=&limit=&cursor= */
export const GET = authed(async (req, actor) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return NextResponse.json(listModels(actor, params));
});

export const POST = authed(async (req, actor) => {
  const row = createModel(
    actor,
    (await readJson(req)) as Record<string, unknown>,
  );
  return NextResponse.json(getModelDetail(actor, row.name), { status: 201 });
});
