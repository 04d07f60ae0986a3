import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { addSigningKey, listSigningKeys } from "@/lib/signing/trusted-keys";

export const GET = authed(async (_req, actor) =>
  NextResponse.json({ signing_keys: listSigningKeys(actor) }),
);

/** POST {name, public_key: PEM}: a public key the team's CI signs versions with (admin). */
export const POST = authed(async (req, actor) =>
  NextResponse.json(addSigningKey(actor, await readJson(req)), { status: 201 }),
);
