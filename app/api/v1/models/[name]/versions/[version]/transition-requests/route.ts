import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { requestAliasMove } from "@/lib/lifecycle/alias-requests";
import { getRequest, versionRequests } from "@/lib/lifecycle/queries";
import { requestTransition } from "@/lib/lifecycle/requests";

type P = { name: string; version: string };

export const GET = authed<P>(async (_req, actor, { name, version }) =>
  NextResponse.json({ requests: versionRequests(actor, name, version) }),
);

/** POST {to_stage: staging|production|archived, comment?}, or {alias, comment?}: point a protected alias at this version. */
export const POST = authed<P>(async (req, actor, { name, version }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const row =
    body && typeof body === "object" && "alias" in body
      ? requestAliasMove(actor, name, version, body)
      : requestTransition(actor, name, version, body);
  return NextResponse.json(getRequest(actor, row.id), { status: 201 });
});
