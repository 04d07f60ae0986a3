// An independent check of the model_signing v1 bundles Stageline writes, for the tests that verify
// them: written from the format's description with node:crypto only, never through lib/signing,
// so a mistake there cannot hide itself. No services behind it: the e2e suite can import it too.
import { createHash, createPublicKey, verify as ecVerify } from "node:crypto";

const sha = (b: string | Buffer) =>
  createHash("sha256").update(b).digest("hex");

/**
 * Checks a model_signing v1 bundle against the team key and the files it should sign: DSSE PAE, ECDSA over the curve's hash with a DER signature, the in-toto
 * statement, the subject digest recomputed over the listed resources, and the files' own bytes.
 */
export function independentVerify(
  bundleText: string,
  publicKeyPem: string,
  files: Record<string, Buffer>,
): { subject: string } {
  const b = JSON.parse(bundleText) as {
    mediaType: string;
    verificationMaterial: { publicKey: { hint: string } };
    dsseEnvelope: {
      payload: string;
      payloadType: string;
      signatures: { sig: string }[];
    };
  };
  if (b.mediaType !== "application/vnd.dev.sigstore.bundle.v0.3+json")
    throw new Error("mediaType");
  const key = createPublicKey(publicKeyPem);
  if (
    b.verificationMaterial.publicKey.hint !==
    sha(key.export({ type: "spki", format: "pem" }).toString())
  )
    throw new Error("hint");
  const env = b.dsseEnvelope;
  if (env.payloadType !== "application/vnd.in-toto+json")
    throw new Error("payloadType");
  const payload = Buffer.from(env.payload, "base64");
  const encoded = Buffer.concat([
    Buffer.from(
      `DSSEv1 ${env.payloadType.length} ${env.payloadType} ${payload.length} `,
      "utf8",
    ),
    payload,
  ]);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const hash =
    curve === "secp384r1"
      ? "sha384"
      : curve === "secp521r1"
        ? "sha512"
        : "sha256";
  const sig = env.signatures[0]?.sig ?? "";
  if (
    !ecVerify(
      hash,
      encoded,
      { key, dsaEncoding: "der" },
      Buffer.from(sig, "base64"),
    )
  )
    throw new Error("signature");
  const st = JSON.parse(payload.toString("utf8")) as {
    _type: string;
    predicateType: string;
    subject: { name: string; digest: { sha256: string } }[];
    predicate: {
      serialization: { method: string; hash_type: string };
      resources: { name: string; algorithm: string; digest: string }[];
    };
  };
  if (
    st._type !== "https://in-toto.io/Statement/v1" ||
    st.predicateType !== "https://model_signing/signature/v1.0"
  )
    throw new Error("statement");
  if (
    st.subject.length !== 1 ||
    st.predicate.serialization.method !== "files" ||
    st.predicate.serialization.hash_type !== "sha256"
  )
    throw new Error("shape");
  const root = createHash("sha256");
  for (const r of st.predicate.resources)
    root.update(Buffer.from(r.digest, "hex"));
  const subject = st.subject[0]?.digest.sha256 ?? "";
  if (root.digest("hex") !== subject) throw new Error("subject digest");
  const signed = Object.fromEntries(
    st.predicate.resources.map((r) => [r.name, r.digest]),
  );
  const actual = Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => [name, sha(bytes)]),
  );
  if (
    JSON.stringify(Object.entries(signed).sort()) !==
    JSON.stringify(Object.entries(actual).sort())
  )
    throw new Error("files differ");
  return { subject };
}
