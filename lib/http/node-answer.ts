// Writes a JSON answer on a raw Node response, for the paths the listener answers itself (early
// refusals, the machine endpoints): the API's headers, no caching, and no further reading of a
// body that was cut off or never read.
import type http from "node:http";
import { closeUnreadBody } from "./body";
import { API_HEADERS, COMMON_HEADERS, NO_STORE } from "./security-headers";

export function answerJson(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  out: { status: number; body: unknown; headers?: Record<string, string> },
): void {
  const json = JSON.stringify(out.body);
  res.writeHead(out.status, {
    ...COMMON_HEADERS,
    ...API_HEADERS,
    ...out.headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": NO_STORE,
  });
  res.end(json);
  closeUnreadBody(req);
}
