import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { getRequest } from "@/lib/lifecycle/queries";
import { overrideTransition } from "@/lib/lifecycle/decisions";

/** Admin only: POST {to_stage, reason} applies the move at once, recorded as an override. */
export const POST = authed<{ name: string; version: string }>(
  async (req, actor, { name, version }) => {
    const row = overrideTransition(
      actor,
      name,
      version,
      (await readJson(req)) as Record<string, unknown>,
    );
    return NextResponse.json(getRequest(actor, row.id), { status: 201 });
  },
);
