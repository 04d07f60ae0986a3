import { timingSafeEqual } from "node:crypto";
import { actorFromRequest } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/route";
import { NO_STORE } from "@/lib/http/security-headers";
import { exposition } from "@/lib/monitoring/prometheus";

export const dynamic = "force-dynamic";

/**
 * Prometheus scrape endpoint. With STAGELINE_METRICS_TOKEN set, send it as a bearer token (a
 * scrape-only secret); without it, any user's API token or session is required.
 */
export async function GET(request: Request) {
  try {
    const secret = process.env.STAGELINE_METRICS_TOKEN;
    const given =
      /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ??
      "";
    const scrapeOk =
      secret !== undefined &&
      secret !== "" &&
      given.length === secret.length &&
      timingSafeEqual(Buffer.from(given), Buffer.from(secret));
    if (!scrapeOk) {
      if (secret && given && !given.startsWith("stl_"))
        throw new DomainError("unauthenticated", "Wrong metrics token");
      await actorFromRequest(request);
    }
    const { body, contentType } = await exposition();
    return new Response(body, {
      headers: { "Content-Type": contentType, "Cache-Control": NO_STORE },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
