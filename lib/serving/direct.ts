// Predictions answered straight from Node's HTTP server, beside Next's router. Next's route pipeline
// costs ~2 ms of CPU per request on a small machine (a bare constant route tops out near 500 req/s
// here), more than the model itself; a prediction endpoint is called by machines at high rates.
// The answer is the same as app/api/v1/serve/[model]/[ref]/predict/route.ts gives (which still
// serves when this path is not installed, e.g. in unit tests): the same auth, service, errors
// and headers.
import "server-only";
import type http from "node:http";
import { actorFromRequest } from "@/lib/auth/session";
import { API_HEADERS, COMMON_HEADERS } from "@/lib/http/security-headers";
import { bodyTooLarge, errorPayload, parseJsonObject, refuseDeclaredSize } from "@/lib/http/route";
import { predict, PREDICT_MAX_BYTES } from "./serving";

const PREDICT_PATH = /^\/api\/v1\/serve\/([^/?]+)\/([^/?]+)\/predict\/?(?:\?.*)?$/;

/** Takes the request if it is a prediction (returns true), else leaves it to Next (false). */
export function servePredictDirect(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method !== "POST") return false;
  const match = PREDICT_PATH.exec(req.url ?? "");
  if (!match) return false;
  let model: string;
  let ref: string;
  try {
    model = decodeURIComponent(match[1] as string);
    ref = decodeURIComponent(match[2] as string);
  } catch {
    return false; // Next answers malformed paths itself
  }
  void answer(req, res, model, ref);
  return true;
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, model: string, ref: string): Promise<void> {
  let status = 200;
  let payload: unknown;
  let extra: Record<string, string> = {};
  try {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    const actor = await actorFromRequest({ headers, method: "POST" });
    refuseDeclaredSize(req.headers["content-length"], PREDICT_MAX_BYTES);
    const body = parseJsonObject(await readText(req, PREDICT_MAX_BYTES), PREDICT_MAX_BYTES);
    const { headers: deprecation, ...prediction } = await predict(actor, model, ref, body);
    payload = prediction;
    if (deprecation) extra = deprecation;
  } catch (error) {
    const e = errorPayload(error);
    status = e.status;
    payload = e.body;
    extra = e.headers;
  }
  const json = JSON.stringify(payload);
  res.writeHead(status, { ...COMMON_HEADERS, ...API_HEADERS, ...extra, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json), "Cache-Control": "no-store" });
  res.end(json);
}

/** The body as text, refused (413) once it passes `max` bytes, without holding more. */
function readText(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        reject(bodyTooLarge(max));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
