import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { listArtifacts } from "@/lib/registry/artifacts";

type P = { name: string; version: string };

export const GET = authed<P>(async (_req, actor, { name, version }) =>
  NextResponse.json({ artifacts: listArtifacts(actor, name, version) }),
);
