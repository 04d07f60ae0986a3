import { NextResponse } from "next/server";
import { setReference } from "@/lib/drift/drift";
import { authed, readJson } from "@/lib/http/route";

/** POST {features: {name: [training values]}}: the reference distributions drift is measured against. */
export const POST = authed<{ name: string; version: string }>(
  async (req, actor, { name, version }) =>
    NextResponse.json(
      setReference(actor, name, version, await readJson(req, 64 * 1024 * 1024)),
      { status: 201 },
    ),
);
