import { NextResponse } from "next/server";
import { DomainError } from "@/lib/errors";
import { authed, readJson } from "@/lib/http/route";
import { parseRequestId } from "@/lib/lifecycle/ids";
import { getRequest } from "@/lib/lifecycle/queries";
import { approveRequest, rejectRequest } from "@/lib/lifecycle/decisions";
import { cancelRequest } from "@/lib/lifecycle/requests";

/** POST /api/v1/transition-requests/{id}/approve|reject|cancel  {comment} (required to reject) */
export const POST = authed<{ id: string; decision: string }>(
  async (req, actor, { id, decision }) => {
    const requestId = parseRequestId(id);
    const body = (await readJson(req)) as Record<string, unknown>;
    if (decision === "approve") approveRequest(actor, requestId, body);
    else if (decision === "reject") rejectRequest(actor, requestId, body);
    else if (decision === "cancel") cancelRequest(actor, requestId);
    else
      throw new DomainError(
        "not_found",
        `Unknown decision '${decision}': use approve, reject or cancel`,
      );
    return NextResponse.json(getRequest(actor, requestId));
  },
);
