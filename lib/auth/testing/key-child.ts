// A stand-in server process for key-file.test.ts: at startAt (epoch ms) it reads (creating them if
// absent) the data folder's session secret, audit key and signing key, and prints them, so several
// of these race to create the same files. argv: startAt. Run with tsx --conditions=react-server.
import { auditKey } from "@/lib/audit/audit-key";
import { authSecret } from "@/lib/auth/secret";
import { stagelineKey } from "@/lib/signing/keys";

setTimeout(
  () =>
    console.log(
      JSON.stringify({
        secret: authSecret(),
        audit: auditKey(),
        signing: stagelineKey().fingerprint,
      }),
    ),
  Math.max(0, Number(process.argv[2]) - Date.now()),
);
