import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { restoreRetirement } from "@/lib/retirement/restore";

/** POST {reason}: an admin undoes a scheduled or retired (not yet released) retirement. */
export const POST = authed<{ id: string }>(async (req, actor, { id }) =>
  NextResponse.json(
    restoreRetirement(
      actor,
      parseRequestId(id, "Retirement"),
      (await readJson(req)) as Record<string, unknown>,
    ),
  ),
);
