// A stand-in server process for invariants.multiprocess.test.ts: at `startAt` (epoch ms) it runs one
// service call `times` times on STAGELINE_DATA_DIR, as a worker would, and prints each outcome as a
// JSON line, so two of these race on the same rows. argv: startAt actorJson op times ...args.
// Run with tsx --conditions=react-server.
import type { Actor } from "@/lib/auth/actor";
import {
  approveRequest,
  overrideTransition,
  rejectRequest,
} from "@/lib/lifecycle/decisions";
import { createVersion } from "@/lib/registry/versions";

const [startAt, actorJson, op, times, ...args] = process.argv.slice(2);
const actor = JSON.parse(String(actorJson)) as Actor;

function run(): unknown {
  if (op === "version")
    return createVersion(actor, String(args[0]), {}).version;
  if (op === "override")
    return overrideTransition(actor, String(args[0]), Number(args[1]), {
      to_stage: "production",
      reason: "racing another process",
    }).status;
  if (op === "approve")
    return approveRequest(actor, Number(args[0]), { comment: "ok" }).status;
  if (op === "reject")
    return rejectRequest(actor, Number(args[0]), { comment: "no" }).status;
  throw new Error(`unknown op ${op}`);
}

setTimeout(
  () => {
    for (let i = 0; i < Number(times); i++) {
      try {
        console.log(JSON.stringify({ ok: run() }));
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        console.log(
          JSON.stringify({
            error: typeof code === "string" ? code : String(error),
          }),
        );
      }
    }
    console.log("done");
  },
  Math.max(0, Number(startAt) - Date.now()),
);
