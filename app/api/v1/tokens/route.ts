import { NextResponse } from "next/server";
import { authed, readJson } from "@/lib/http/route";
import { createToken, listTokens } from "@/lib/tokens/tokens";

export const GET = authed(async (_req, actor) =>
  NextResponse.json({ tokens: listTokens(actor).map(toJson) }),
);

export const POST = authed(async (req, actor) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const input = {
    name: body.name,
    expiresInDays: body.expires_in_days ?? undefined,
    scope: body.scope ?? undefined,
  };
  const { token, summary } = createToken(actor, input);
  return NextResponse.json({ ...toJson(summary), token }, { status: 201 });
});

function toJson(t: ReturnType<typeof listTokens>[number]) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    last_used_at: t.lastUsedAt,
    revoked_at: t.revokedAt,
    scope: t.scope,
  };
}
