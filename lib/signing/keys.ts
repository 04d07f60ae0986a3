// Stageline's own signing key (ECDSA P-256): STAGELINE_SIGNING_KEY (PEM), or one generated once
// into the data folder as signing-key.pem (0600). Only the public half ever leaves the server.
// The file is created atomically and shared by every process on the folder; a replaced file is
// seen by each process at its next signature (lib/auth/key-file.ts).
import "server-only";
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import path from "node:path";
import { keyFile } from "@/lib/auth/key-file";
import { dataDir } from "@/lib/config";
import { DomainError } from "@/lib/errors";
import { keyHint, publicKeyPem } from "./bundle";

export type SigningKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM, as served at /api/v1/signing-key. */
  publicPem: string;
  /** SHA-256 hex of the DER SubjectPublicKeyInfo (the key's id in version_signatures and the UI). */
  fingerprint: string;
  /** model_signing's hint in bundles: SHA-256 hex of the PEM text. */
  hint: string;
};

/** The curves model_signing accepts for keys; Stageline itself signs with P-256. */
const CURVES = ["prime256v1", "secp384r1", "secp521r1"];

const inFolder = keyFile(
  () =>
    generateKeyPairSync("ec", { namedCurve: "prime256v1" })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString(),
  (pem, file) => fromPem(pem, file),
);
// The key from STAGELINE_SIGNING_KEY, parsed once (the environment does not change under a process).
let fromEnvKey: { env: string; key: SigningKey } | null = null;

export function signingKeyFile(): string {
  return path.join(dataDir(), "signing-key.pem");
}

export function stagelineKey(): SigningKey {
  const fromEnv = process.env.STAGELINE_SIGNING_KEY;
  if (!fromEnv) return inFolder.read(signingKeyFile());
  if (fromEnvKey?.env !== fromEnv)
    fromEnvKey = {
      env: fromEnv,
      key: fromPem(fromEnv.replace(/\\n/g, "\n"), "STAGELINE_SIGNING_KEY"),
    };
  return fromEnvKey.key;
}

function fromPem(pem: string, source: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new Error(`${source} is not a PEM private key`);
  }
  if (
    privateKey.asymmetricKeyType !== "ec" ||
    privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1"
  ) {
    throw new Error(
      `${source} must be an ECDSA P-256 (prime256v1) private key`,
    );
  }
  return describe(privateKey);
}

/** SHA-256 hex of the DER SubjectPublicKeyInfo. */
export function fingerprintOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

/** A team's public key from its PEM: an EC key on a curve model_signing signs with, or a 400 saying why not. */
export function parsePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem.trim());
  } catch {
    throw new DomainError(
      "invalid",
      "public_key must be a PEM public key (-----BEGIN PUBLIC KEY-----)",
      {
        fields: { public_key: ["Not a PEM public key"] },
      },
    );
  }
  if (key.type !== "public")
    throw new DomainError(
      "invalid",
      "public_key must be a public key, never a private one",
      {
        fields: { public_key: ["Not a public key"] },
      },
    );
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || !curve || !CURVES.includes(curve)) {
    throw new DomainError(
      "invalid",
      "public_key must be an ECDSA key on P-256, P-384 or P-521, as model_signing signs with",
      {
        fields: { public_key: ["Unsupported key type"] },
      },
    );
  }
  return key;
}

function describe(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    publicPem: publicKeyPem(publicKey),
    fingerprint: fingerprintOf(publicKey),
    hint: keyHint(publicKey),
  };
}
