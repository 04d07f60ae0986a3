import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { authed } from "@/lib/http/route";
import { revokeToken } from "@/lib/tokens/tokens";

/** Revokes one of the caller's tokens (admins: anyone's). */
export const DELETE = authed<{ id: string }>(async (_req, actor, { id }) => {
  const tokenId = Number(id);
  if (!Number.isInteger(tokenId) || tokenId <= 0)
    throw new DomainError("invalid", "Token id must be a positive integer", {
      fields: { id: ["Not a positive integer"] },
    });
  const t = revokeToken(actor, tokenId);
  return NextResponse.json({ id: t.id, name: t.name, revoked_at: t.revokedAt });
});
