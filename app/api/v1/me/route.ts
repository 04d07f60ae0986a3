import { NextResponse } from "next/server";
import { authed } from "@/lib/http/route";

/** Who the caller is: handy for checking a token from a pipeline. */
export const GET = authed(async (_req, actor) =>
  NextResponse.json({
    id: actor.id,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    via: actor.via.startsWith("token:") ? "token" : "session",
  }),
);
