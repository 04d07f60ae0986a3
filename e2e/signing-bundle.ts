// A model-signing bundle (sigstore bundle v0.3 over a DSSE envelope with an in-toto statement), as
// `model_signing sign key` writes it for a model of one file, built here from the format with
// node:crypto only: the specs sign like a CI job would, not with the server's own code.
import { createHash, sign as ecSign, type KeyObject } from "node:crypto";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** The bundle signing `model`'s one file `file` (its bytes `bytes`) with `privateKey`, naming the
 *  public key `publicPem` by its hint. */
export function signingBundle(s: {
  model: string;
  file: string;
  bytes: Buffer;
  privateKey: KeyObject;
  publicPem: string;
}): string {
  const digest = sha256(s.bytes);
  const statement = {
    _type: "https://in-toto.io/Statement/v1",
    subject: [
      {
        name: s.model,
        digest: { sha256: sha256(Buffer.from(digest, "hex")) },
      },
    ],
    predicateType: "https://model_signing/signature/v1.0",
    predicate: {
      serialization: {
        method: "files",
        hash_type: "sha256",
        allow_symlinks: false,
      },
      resources: [{ name: s.file, algorithm: "sha256", digest }],
    },
  };
  const payload = Buffer.from(JSON.stringify(statement));
  const type = "application/vnd.in-toto+json";
  const sig = ecSign(
    "sha256",
    Buffer.concat([
      Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `),
      payload,
    ]),
    {
      key: s.privateKey,
      dsaEncoding: "der",
    },
  );
  return JSON.stringify({
    mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
    verificationMaterial: {
      publicKey: {
        hint: createHash("sha256").update(s.publicPem).digest("hex"),
      },
      tlogEntries: [],
    },
    dsseEnvelope: {
      payload: payload.toString("base64"),
      payloadType: type,
      signatures: [{ sig: sig.toString("base64"), keyid: "" }],
    },
  });
}
