// Building and checking OpenSSF model signing (`model_signing` v1.x) bundles over a version's files,
// fully offline with node:crypto. Nothing here touches the database: sign.ts and verify.ts do.
//
// The format, as model_signing 1.x writes it for `model_signing sign key` and reads it for
// `model_signing verify key --signature model.sig --public_key key.pub <dir>`
// (read from github.com/sigstore/model-transparency: _signing/signing.py, sign_ec_key.py,
// sign_sigstore_pb.py, manifest.py; checked against its v1.1.0-elliptic-key test vector):
//
// model.sig is a Sigstore bundle, one JSON object:
//   { "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
//     "verificationMaterial": { "publicKey": { "hint": <hex SHA-256 of the public key's PEM text> },
//                               "tlogEntries": [] },
//     "dsseEnvelope": { "payload": <base64 of the statement's JSON bytes>,
//                       "payloadType": "application/vnd.in-toto+json",
//                       "signatures": [ { "sig": <base64 of the DER ECDSA signature>, "keyid": "" } ] } }
// The hint hashes the PEM exactly as Python's cryptography writes a SubjectPublicKeyInfo
// ("-----BEGIN PUBLIC KEY-----\n", base64 in 64-column lines, "-----END PUBLIC KEY-----\n"), which is
// also what node's `export({ type: "spki", format: "pem" })` writes. A verifier given a key whose hint
// differs refuses ("Key mismatch"); a bundle without a hint is still accepted by model_signing.
//
// The payload is an in-toto v1 statement:
//   { "_type": "https://in-toto.io/Statement/v1",
//     "subject": [ { "name": <informative model name>, "digest": { "sha256": <subject digest> } } ],
//     "predicateType": "https://model_signing/signature/v1.0",
//     "predicate": {
//       "serialization": { "method": "files", "hash_type": "sha256", "allow_symlinks": false,
//                          "ignore_paths": [ ...paths relative to the model folder ] },
//       "resources": [ { "name": <POSIX path relative to the model folder>, "algorithm": "sha256",
//                        "digest": <hex SHA-256 of the file's bytes> }, ... ] } }
// Exactly one subject. Resources are in model_signing's canonical order: sorted by path, compared
// component by component (Python's PurePosixPath ordering: "a/b" sorts before "a-b", since the
// components "a" < "a-b"; components compare by code point). The subject digest is SHA-256 over the
// concatenation of each resource's raw 32-byte digest, in the order the resources are listed; the
// verifier recomputes it from the listed resources and refuses a mismatch ("Manifest is
// inconsistent"), then compares the resources, as a set of (name, digest), with the folder's files.
//
// The signature: DSSE v1 pre-authentication encoding of the payload bytes,
//   PAE = "DSSEv1" SP len(payloadType) SP payloadType SP len(payload) SP payload   (lengths in bytes)
// signed with ECDSA over the curve's hash (P-256: SHA-256, P-384: SHA-384, P-521: SHA-512), DER encoded.
// model_signing verifies only signatures[0].
//
// Long on purpose: building and verifying are two halves of the one format written out above;
// kept with that description, and with the helpers (canonical order, PAE, hints) both use.
import "server-only";
import {
  createHash,
  createPublicKey,
  sign as ecSign,
  verify as ecVerify,
  type KeyObject,
} from "node:crypto";

export const BUNDLE_MEDIA_TYPE =
  "application/vnd.dev.sigstore.bundle.v0.3+json";
export const PAYLOAD_TYPE = "application/vnd.in-toto+json";
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const PREDICATE_TYPE = "https://model_signing/signature/v1.0";
/** What `model_signing sign` leaves out of a folder by default (its signature and git's files). */
const DEFAULT_IGNORE_PATHS = [
  "model.sig",
  ".git",
  ".gitattributes",
  ".github",
  ".gitignore",
];

/** One file of the model: its path relative to the model folder and the hex SHA-256 of its bytes. */
export type Resource = { name: string; digest: string };

export type BundleCheck =
  | { ok: true; subjectDigest: string; hint: string | null }
  | { ok: false; reason: string };

/** Paths in model_signing's canonical order: component by component, each by code point. */
export function canonicalOrder<T extends Resource>(
  resources: readonly T[],
): T[] {
  return [...resources].sort((a, b) => comparePaths(a.name, b.name));
}

/** SHA-256 over the raw digests of the resources, in the order given (hex). */
export function subjectDigest(resources: readonly Resource[]): string {
  const hash = createHash("sha256");
  for (const r of resources) hash.update(Buffer.from(r.digest, "hex"));
  return hash.digest("hex");
}

/** The DSSE v1 pre-authentication encoding that the signature covers. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `,
    ),
    payload,
  ]);
}

/** The public key's PEM as model_signing hashes it for the bundle's hint. */
export function publicKeyPem(key: KeyObject): string {
  return key.export({ type: "spki", format: "pem" }).toString();
}

/** model_signing's key hint: SHA-256 of the PEM text of the public key. */
export function keyHint(key: KeyObject): string {
  return createHash("sha256").update(publicKeyPem(key)).digest("hex");
}

// Every version is signed when it is registered: deriving the public key and exporting its PEM for
// the hint cost as much as the signature itself, so they are kept per private key object.
const publicKeys = new WeakMap<
  KeyObject,
  { publicKey: KeyObject; hint: string }
>();
function publicOf(privateKey: KeyObject): {
  publicKey: KeyObject;
  hint: string;
} {
  let hit = publicKeys.get(privateKey);
  if (!hit) {
    const publicKey = createPublicKey(privateKey);
    hit = { publicKey, hint: keyHint(publicKey) };
    publicKeys.set(privateKey, hit);
  }
  return hit;
}

/** The bundle JSON text (model.sig) over these files, signed with an EC private key. */
export function buildBundle(
  subjectName: string,
  files: readonly Resource[],
  privateKey: KeyObject,
): string {
  const resources = canonicalOrder(files);
  const statement = {
    _type: STATEMENT_TYPE,
    subject: [
      { name: subjectName, digest: { sha256: subjectDigest(resources) } },
    ],
    predicateType: PREDICATE_TYPE,
    predicate: {
      serialization: {
        method: "files",
        hash_type: "sha256",
        allow_symlinks: false,
        // A path the version really has must not be ignored, or verifying the folder would miss it.
        ignore_paths: DEFAULT_IGNORE_PATHS.filter(
          (p) =>
            !resources.some((r) => r.name === p || r.name.startsWith(`${p}/`)),
        ),
      },
      resources: resources.map((r) => ({
        name: r.name,
        algorithm: "sha256",
        digest: r.digest,
      })),
    },
  };
  const payload = Buffer.from(JSON.stringify(statement, null, 2));
  const { publicKey, hint } = publicOf(privateKey);
  const sig = ecSign(hashFor(publicKey), pae(PAYLOAD_TYPE, payload), {
    key: privateKey,
    dsaEncoding: "der",
  });
  return JSON.stringify({
    mediaType: BUNDLE_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint }, tlogEntries: [] },
    dsseEnvelope: {
      payload: payload.toString("base64"),
      payloadType: PAYLOAD_TYPE,
      signatures: [{ sig: sig.toString("base64"), keyid: "" }],
    },
  });
}

/** The key hint a bundle names, or null when it names none (or is not a bundle at all). */
export function bundleHint(bundleText: string): string | null {
  const parsed = parseJson(bundleText);
  const hint = field(
    field(field(parsed, "verificationMaterial"), "publicKey"),
    "hint",
  );
  return typeof hint === "string" && hint !== "" ? hint : null;
}

/**
 * Checks a bundle as `model_signing verify key` would, against the files of the version instead of a
 * folder: the key (by hint), the signature over the PAE of the payload, the statement, the subject
 * digest over the listed resources, and the resources against `files` as a set of (path, SHA-256).
 * The reason on failure names what did not match.
 */
export function verifyBundle(
  bundleText: string,
  files: readonly Resource[],
  publicKey: KeyObject,
): BundleCheck {
  const bundle = parseJson(bundleText);
  if (!isObject(bundle))
    return {
      ok: false,
      reason: "the signature is not a JSON object (expected a Sigstore bundle)",
    };
  const mediaType = bundle.mediaType;
  if (
    typeof mediaType !== "string" ||
    !mediaType.startsWith("application/vnd.dev.sigstore.bundle")
  )
    return {
      ok: false,
      reason: `the signature is not a Sigstore bundle (mediaType ${JSON.stringify(mediaType ?? null)})`,
    };
  const envelope = bundle.dsseEnvelope;
  if (!isObject(envelope))
    return { ok: false, reason: "the bundle has no dsseEnvelope" };
  if (envelope.payloadType !== PAYLOAD_TYPE)
    return {
      ok: false,
      reason: `the envelope's payloadType is ${JSON.stringify(envelope.payloadType ?? null)}, expected ${PAYLOAD_TYPE}`,
    };
  const hint = bundleHint(bundleText);
  const expectedHint = keyHint(publicKey);
  if (hint !== null && hint !== expectedHint)
    return {
      ok: false,
      reason: `the bundle was signed with another key (hint ${hint}), not the key ${expectedHint}`,
    };
  const first = Array.isArray(envelope.signatures)
    ? (envelope.signatures[0] as unknown)
    : undefined;
  const sig = field(first, "sig");
  if (typeof envelope.payload !== "string" || typeof sig !== "string")
    return { ok: false, reason: "the envelope has no payload or no signature" };
  const payload = Buffer.from(envelope.payload, "base64");
  let valid: boolean;
  try {
    valid = ecVerify(
      hashFor(publicKey),
      pae(PAYLOAD_TYPE, payload),
      { key: publicKey, dsaEncoding: "der" },
      Buffer.from(sig, "base64"),
    );
  } catch {
    valid = false;
  }
  if (!valid)
    return {
      ok: false,
      reason:
        "the ECDSA signature over the statement does not verify with this key",
    };
  const statement = readStatement(payload);
  if ("reason" in statement) return { ok: false, reason: statement.reason };
  const listed = subjectDigest(statement.resources);
  if (listed !== statement.subject)
    return {
      ok: false,
      reason: `the statement is inconsistent: its subject digest is ${statement.subject}, but its resources hash to ${listed}`,
    };
  const diff = compareResources(statement.resources, files);
  if (diff) return { ok: false, reason: diff };
  return { ok: true, subjectDigest: statement.subject, hint };
}

type Statement = { subject: string; resources: Resource[] };

function readStatement(payload: Buffer): Statement | { reason: string } {
  const s = parseJson(payload.toString("utf8"));
  if (!isObject(s))
    return { reason: "the payload is not a JSON in-toto statement" };
  if (s._type !== STATEMENT_TYPE)
    return {
      reason: `the payload is not an in-toto ${STATEMENT_TYPE} statement`,
    };
  if (s.predicateType !== PREDICATE_TYPE)
    return {
      reason: `the predicate type is ${JSON.stringify(s.predicateType ?? null)}, expected ${PREDICATE_TYPE}`,
    };
  if (!Array.isArray(s.subject) || s.subject.length !== 1)
    return { reason: "the statement must have exactly one subject" };
  const subject = field(field(s.subject[0], "digest"), "sha256");
  if (typeof subject !== "string" || !HEX64.test(subject))
    return { reason: "the subject has no SHA-256 digest" };
  const predicate = s.predicate;
  const serialization = field(predicate, "serialization");
  if (
    field(serialization, "method") !== "files" ||
    field(serialization, "hash_type") !== "sha256"
  ) {
    return {
      reason:
        "the signature must hash whole files with SHA-256 (serialization method 'files', hash_type 'sha256')",
    };
  }
  const list = field(predicate, "resources");
  if (!Array.isArray(list)) return { reason: "the predicate has no resources" };
  const resources: Resource[] = [];
  for (const r of list as unknown[]) {
    const name = field(r, "name");
    const digest = field(r, "digest");
    if (
      typeof name !== "string" ||
      field(r, "algorithm") !== "sha256" ||
      typeof digest !== "string" ||
      !HEX64.test(digest)
    ) {
      return {
        reason: `resource ${JSON.stringify(name ?? null)} needs a name and a sha256 digest`,
      };
    }
    resources.push({ name, digest: digest.toLowerCase() });
  }
  return { subject: subject.toLowerCase(), resources };
}

function compareResources(
  signed: readonly Resource[],
  files: readonly Resource[],
): string | null {
  const want = new Map<string, string>();
  for (const r of signed) {
    if (want.has(r.name)) return `the signature lists '${r.name}' twice`;
    want.set(r.name, r.digest);
  }
  const problems: string[] = [];
  const have = new Set<string>();
  for (const f of canonicalOrder(files)) {
    have.add(f.name);
    const d = want.get(f.name);
    if (d === undefined)
      problems.push(`'${f.name}' is not covered by the signature`);
    else if (d !== f.digest.toLowerCase())
      problems.push(
        `'${f.name}' has SHA-256 ${f.digest}, the signature says ${d}`,
      );
  }
  for (const name of want.keys())
    if (!have.has(name))
      problems.push(
        `the signature covers '${name}', which the version does not have`,
      );
  if (problems.length === 0) return null;
  const shown = problems.slice(0, 5).join("; ");
  return problems.length > 5
    ? `${shown} (and ${problems.length - 5} more)`
    : shown;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

function hashFor(key: KeyObject): string {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === "prime256v1") return "sha256";
  if (curve === "secp384r1") return "sha384";
  if (curve === "secp521r1") return "sha512";
  throw new Error(
    `unsupported key: ${key.asymmetricKeyType ?? "unknown"} ${curve ?? ""}`.trim(),
  );
}

function comparePaths(a: string, b: string): number {
  const pa = a.split("/");
  const pb = b.split("/");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const c = compareCodePoints(pa[i] ?? "", pb[i] ?? "");
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/** Python compares strings by code point; JavaScript's `<` by UTF-16 unit, which differs above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a, (ch) => ch.codePointAt(0) ?? 0);
  const cb = Array.from(b, (ch) => ch.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function field(v: unknown, key: string): unknown {
  return isObject(v) ? v[key] : undefined;
}
