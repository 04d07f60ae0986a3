import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";
import { searchEverything } from "@/lib/search/search";

/** GET /api/v1/search?q= : the shell's search box (models, versions, runs, people). */
export const GET = authed(async (req, actor) =>
  NextResponse.json(
    searchEverything(actor, Object.fromEntries(new URL(req.url).searchParams)),
  ),
);
