import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getRequest, versionRequests } from "@/lib/lifecycle/queries";
import { requestTransition } from "@/lib/lifecycle/requests";

type P = { name: string; version: string };

export const GET = authed<P>(async (_req, actor, { name, version }) => NextResponse.json({ requests: versionRequests(actor, name, version) }));

/** POST {to_stage: staging|production|archived, comment?} */
export const POST = authed<P>(async (req, actor, { name, version }) => {
  const row = requestTransition(actor, name, version, (await readJson(req)) as Record<string, unknown>);
  return NextResponse.json(getRequest(actor, row.id), { status: 201 });
});
