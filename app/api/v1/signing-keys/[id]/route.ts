import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { authed } from "@/lib/http/route";
import { revokeSigningKey } from "@/lib/signing/trusted-keys";

/** Revokes a trusted key: its signatures stay on record but no longer pass `signed by trusted key`. */
export const DELETE = authed<{ id: string }>(async (_req, actor, { id }) => {
  const keyId = Number(id);
  if (!Number.isInteger(keyId) || keyId <= 0)
    throw new DomainError(
      "invalid",
      "Signing key id must be a positive integer",
      { fields: { id: ["Not a positive integer"] } },
    );
  return NextResponse.json(revokeSigningKey(actor, keyId));
});
