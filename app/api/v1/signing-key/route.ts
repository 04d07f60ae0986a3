import { authed } from "@/lib/http/route";
import { stagelinePublicKey } from "@/lib/signing/signatures";

/** Stageline's public key (PEM), the `--public_key key.pub` of `model_signing verify key`. */
export const GET = authed(async (_req, actor) => {
  const { pem, fingerprint } = stagelinePublicKey(actor);
  return new Response(pem, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": 'attachment; filename="key.pub"',
      "X-Key-Fingerprint": fingerprint,
    },
  });
});
