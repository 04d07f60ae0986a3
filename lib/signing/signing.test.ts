// Stageline's signatures over versions, checked by an independent verifier
// (lib/testing/model-signing-verify.ts). Past 300 lines: the team-key helpers belong with the cases
// that use them.
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterEach, describe, expect, it } from "vitest";
import { getDb, getSqlite } from "@/db/client";
import { setPolicy } from "@/lib/lifecycle/policies";
import { getRequest } from "@/lib/lifecycle/queries";
import { requestTransition } from "@/lib/lifecycle/requests";
import { listNotifications } from "@/lib/notifications/notifications";
import { openArtifact, putArtifact } from "@/lib/registry/artifacts";
import { manifestDigest } from "@/lib/registry/content";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeUser } from "@/lib/testing/factories";
import { independentVerify } from "@/lib/testing/model-signing-verify";
import { buildBundle, canonicalOrder, verifyBundle } from "./bundle";
import { signingKeyFile, stagelineKey } from "./keys";
import {
  getVersionSignature,
  stagelinePublicKey,
  uploadVersionSignature,
} from "./signatures";
import { signUnsignedVersions, subjectName } from "./sign";
import {
  addSigningKey,
  listSigningKeys,
  revokeSigningKey,
} from "./trusted-keys";
import { trustedSignatureStatus, verifyVersionForServing } from "./verify";

const body = (s: string) => Readable.from([Buffer.from(s)]);
const sha = (s: string | Buffer) =>
  createHash("sha256").update(s).digest("hex");

/** A model with one version holding two files, made through the services as a user would. */
async function versionWithTwoFiles(name: string) {
  const ds = await makeUser("data_scientist");
  createModel(ds, { name });
  createVersion(ds, name, {});
  await putArtifact(
    ds,
    name,
    "1",
    "model.bin",
    body("onnx bytes of the model"),
  );
  await putArtifact(ds, name, "1", "config/labels.json", body('["cat","dog"]'));
  const versionId = (
    getSqlite()
      .prepare(
        "select v.id from model_versions v join registered_models m on m.id = v.model_id where m.name = ? and v.version = 1",
      )
      .get(name) as { id: number }
  ).id;
  return { ds, versionId };
}

const teamKey = () => generateKeyPairSync("ec", { namedCurve: "prime256v1" });
const pemOf = (k: KeyObject) =>
  k.export({ type: "spki", format: "pem" }).toString();

afterEach(() => {
  delete process.env.STAGELINE_SIGNING_KEY;
});

describe("Stageline's signature over a version", () => {
  it("is a model_signing v1 bundle that an independent verifier accepts over the files' bytes, and its subject is the content digest", async () => {
    const { ds, versionId } = await versionWithTwoFiles("sig-a");
    const bundle = getVersionSignature(ds, "sig-a", "1");
    const { pem } = stagelinePublicKey(ds);
    const files = {
      "model.bin": Buffer.from("onnx bytes of the model"),
      "config/labels.json": Buffer.from('["cat","dog"]'),
    };
    const { subject } = independentVerify(bundle, pem, files);
    const row = getSqlite()
      .prepare(
        "select content_digest, key_fingerprint from version_signatures where version_id = ? and kind = 'stageline'",
      )
      .get(versionId) as { content_digest: string; key_fingerprint: string };
    // One number: what approvals bind to (manifestDigest), what is signed, and what is stored.
    expect(
      manifestDigest(
        Object.entries(files).map(([p, b]) => ({
          path: p,
          sha256: sha(b),
          size: b.length,
        })),
      ),
    ).toBe(subject);
    expect(row.content_digest).toBe(subject);
    expect(row.key_fingerprint).toBe(stagelineKey().fingerprint);
    expect(verifyVersionForServing(getDb(), versionId)).toEqual({ ok: true });
    const statement = JSON.parse(
      Buffer.from(
        (JSON.parse(bundle) as { dsseEnvelope: { payload: string } })
          .dsseEnvelope.payload,
        "base64",
      ).toString(),
    ) as { subject: { name: string }[] };
    expect(statement.subject[0]?.name).toBe(subjectName("sig-a", 1));
  });

  it("keeps its private key in the data folder, 0600, and serves only the public half", async () => {
    const ds = await makeUser("manager");
    stagelineKey();
    const mode = fs.statSync(signingKeyFile()).mode & 0o777;
    expect(mode).toBe(0o600);
    const { pem } = stagelinePublicKey(ds);
    expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pem).not.toMatch(/PRIVATE/);
    expect(createPublicKey(pem).asymmetricKeyDetails?.namedCurve).toBe(
      "prime256v1",
    );
  });

  it("is refused on download once a file's digest is changed underneath it, with one alert to admins per digest", async () => {
    const admin = await makeUser("admin");
    const { ds, versionId } = await versionWithTwoFiles("sig-b");
    expect(await text(openArtifact(ds, "sig-b", "1", "model.bin").stream)).toBe(
      "onnx bytes of the model",
    );
    // Someone with write access to the database points model.bin at other bytes.
    await putArtifact(ds, "sig-b", "1", "other.bin", body("malicious bytes"));
    const evil = sha("malicious bytes");
    getSqlite()
      .prepare(
        "update artifacts set sha256 = ? where version_id = ? and path = 'model.bin'",
      )
      .run(evil, versionId);
    getSqlite()
      .prepare(
        "delete from artifacts where version_id = ? and path = 'other.bin'",
      )
      .run(versionId);
    for (let i = 0; i < 3; i++) {
      expect(() => openArtifact(ds, "sig-b", "1", "model.bin")).toThrow(
        expect.objectContaining({
          code: "conflict",
          message: expect.stringMatching(/signature.*'model\.bin' has SHA-256/),
        }),
      );
    }
    const check = verifyVersionForServing(getDb(), versionId);
    expect(check.ok).toBe(false);
    const alerts = getSqlite()
      .prepare(
        "select after from audit_events where action = 'signature.mismatch' and entity_id = ?",
      )
      .all(String(versionId)) as { after: string }[];
    expect(alerts).toHaveLength(1);
    expect(JSON.parse(alerts[0]?.after ?? "{}")).toMatchObject({
      model: "sig-b",
      version: 1,
      reason: expect.stringContaining("model.bin"),
    });
    const notes = listNotifications(admin).items.filter(
      (n) => n.kind === "signature.mismatch",
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toMatch(/version 1 of 'sig-b'/);
    // A second, different tampering is a new digest: a new alert.
    getSqlite()
      .prepare(
        "update artifacts set sha256 = ? where version_id = ? and path = 'config/labels.json'",
      )
      .run(evil, versionId);
    expect(() => openArtifact(ds, "sig-b", "1", "config/labels.json")).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
    expect(
      getSqlite()
        .prepare(
          "select count(*) as n from audit_events where action = 'signature.mismatch' and entity_id = ?",
        )
        .get(String(versionId)),
    ).toEqual({ n: 2 });
  });

  it("is refused when the stored bundle is swapped or removed, or checked under another Stageline key", async () => {
    const { ds, versionId } = await versionWithTwoFiles("sig-c");
    createVersion(ds, "sig-c", {});
    await putArtifact(ds, "sig-c", "2", "model.bin", body("another model"));
    const own = getSqlite()
      .prepare(
        "select bundle from version_signatures where version_id = ? and kind = 'stageline'",
      )
      .get(versionId) as {
      bundle: string;
    };
    // A genuine Stageline signature, but over version 2's files, copied onto version 1.
    getSqlite()
      .prepare(
        "update version_signatures set bundle = (select s.bundle from version_signatures s join model_versions v on v.id = s.version_id where v.model_id = (select model_id from model_versions where id = ?) and v.version = 2 and s.kind = 'stageline') where version_id = ? and kind = 'stageline'",
      )
      .run(versionId, versionId);
    expect(verifyVersionForServing(getDb(), versionId)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /'model.bin' has SHA-256 .*, the signature says/,
      ),
    });
    getSqlite()
      .prepare(
        "update version_signatures set bundle = ? where version_id = ? and kind = 'stageline'",
      )
      .run(own.bundle, versionId);
    expect(verifyVersionForServing(getDb(), versionId)).toEqual({ ok: true });
    // Under a different server key the stored signature no longer verifies.
    const stranger = teamKey();
    const files = [
      { name: "model.bin", digest: sha("onnx bytes of the model") },
      { name: "config/labels.json", digest: sha('["cat","dog"]') },
    ];
    expect(verifyBundle(own.bundle, files, stranger.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/another key/),
    });
    process.env.STAGELINE_SIGNING_KEY = stranger.privateKey
      .export({ type: "pkcs8", format: "pem" })
      .toString();
    expect(verifyVersionForServing(getDb(), versionId)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/another key/),
    });
    delete process.env.STAGELINE_SIGNING_KEY;
    getSqlite()
      .prepare("delete from version_signatures where version_id = ?")
      .run(versionId);
    expect(verifyVersionForServing(getDb(), versionId)).toMatchObject({
      ok: false,
      reason: "it has no Stageline signature",
    });
  });
});

describe("versions that predate signing", () => {
  it("are signed once, at the first start after the upgrade; a signature removed later is never re-blessed", async () => {
    const { versionId } = await versionWithTwoFiles("sig-old");
    // As if the version had been registered before signing existed.
    getSqlite()
      .prepare("delete from version_signatures where version_id = ?")
      .run(versionId);
    // (Earlier tests in this file left unsigned versions too.)
    expect(signUnsignedVersions()).toBeGreaterThanOrEqual(1);
    expect(verifyVersionForServing(getDb(), versionId)).toEqual({ ok: true });
    expect(
      getSqlite()
        .prepare(
          "select count(*) as n from audit_events where action = 'version.signed' and entity_id = ?",
        )
        .get(String(versionId)),
    ).toEqual({ n: 1 });
    getSqlite()
      .prepare("delete from version_signatures where version_id = ?")
      .run(versionId);
    expect(signUnsignedVersions()).toBe(0);
    expect(verifyVersionForServing(getDb(), versionId)).toMatchObject({
      ok: false,
    });
  });
});

describe("the bundle format", () => {
  it("verifies a bundle made by the real model_signing 1.1.0 (P-384 key), and refuses it over other bytes", () => {
    const dir = path.join(__dirname, "testdata");
    const bundle = fs.readFileSync(
      path.join(dir, "model_signing-v1.1.0-elliptic-key.sig"),
      "utf8",
    );
    const key = createPublicKey(
      fs.readFileSync(path.join(dir, "model_signing-test-key.pub"), "utf8"),
    );
    const files = [
      { name: "signme-1", digest: sha("signme-1\n") },
      { name: "signme-2", digest: sha("signme-2") },
    ];
    expect(verifyBundle(bundle, files, key)).toMatchObject({
      ok: true,
      subjectDigest:
        "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4",
    });
    // The digest approvals bind to is the one model_signing computes.
    expect(
      manifestDigest(
        files.map((f) => ({ path: f.name, sha256: f.digest, size: 0 })),
      ),
    ).toBe("92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
    expect(
      verifyBundle(
        bundle,
        [
          files[0] ?? { name: "", digest: "" },
          { name: "signme-2", digest: sha("tampered") },
        ],
        key,
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/'signme-2' has SHA-256/),
    });
    expect(
      verifyBundle(
        bundle,
        [...files, { name: "extra.bin", digest: sha("x") }],
        key,
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/'extra.bin' is not covered/),
    });
    expect(verifyBundle(bundle, files, teamKey().publicKey)).toMatchObject({
      ok: false,
    });
  });

  it("refuses a payload edited after signing, and a statement whose resources do not add up to its subject", () => {
    const { privateKey, publicKey } = teamKey();
    const files = [{ name: "w.bin", digest: sha("w") }];
    const good = JSON.parse(buildBundle("m", files, privateKey)) as {
      dsseEnvelope: { payload: string };
    };
    const statement = JSON.parse(
      Buffer.from(good.dsseEnvelope.payload, "base64").toString(),
    ) as {
      predicate: { resources: { digest: string }[] };
    };
    const first = statement.predicate.resources[0];
    if (first) first.digest = sha("other");
    good.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString(
      "base64",
    );
    expect(verifyBundle(JSON.stringify(good), files, publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ECDSA signature/),
    });
    expect(verifyBundle("not json", files, publicKey)).toMatchObject({
      ok: false,
    });
    expect(verifyBundle("{}", files, publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Sigstore bundle/),
    });
  });

  it("orders resources as model_signing does (path components, code points), whatever order the rows come in", () => {
    const names = ["a-b", "a/b", "B", "a", "é", "\u{1F600}", "\uFF21", "a/b/c"];
    expect(
      canonicalOrder(names.map((n) => ({ name: n, digest: "" }))).map(
        (r) => r.name,
      ),
    ).toEqual(["B", "a", "a/b", "a/b/c", "a-b", "é", "\uFF21", "\u{1F600}"]);
    const files = names.map((n) => ({ name: n, digest: sha(n) }));
    const { privateKey, publicKey } = teamKey();
    const bundle = buildBundle("m", [...files].reverse(), privateKey);
    expect(verifyBundle(bundle, files, publicKey).ok).toBe(true);
    expect(
      independentVerify(
        bundle,
        pemOf(publicKey),
        Object.fromEntries(names.map((n) => [n, Buffer.from(n)])),
      ).subject,
    ).toBe(
      manifestDigest(
        files.map((f) => ({ path: f.name, sha256: f.digest, size: 1 })),
      ),
    );
  });
});

describe("a team's own signatures", () => {
  it("from a registered key pass the 'signed by trusted key' gate; revoked, unregistered or stale ones do not", async () => {
    const admin = await makeUser("admin");
    const { ds, versionId } = await versionWithTwoFiles("sig-team");
    const ci = teamKey();
    const files = [
      { name: "model.bin", digest: sha("onnx bytes of the model") },
      { name: "config/labels.json", digest: sha('["cat","dog"]') },
    ];
    const ciBundle = buildBundle("sig-team", files, ci.privateKey);
    expect(() => uploadVersionSignature(ds, "sig-team", "1", ciBundle)).toThrow(
      /not registered/,
    );
    const key = addSigningKey(admin, {
      name: "ci-release",
      public_key: pemOf(ci.publicKey),
    });
    expect(() =>
      addSigningKey(admin, { name: "again", public_key: pemOf(ci.publicKey) }),
    ).toThrow(expect.objectContaining({ code: "conflict" }));
    // A bundle over other files, by the registered key, is refused with the file named.
    expect(() =>
      uploadVersionSignature(
        ds,
        "sig-team",
        "1",
        buildBundle(
          "sig-team",
          [files[0] ?? files[1] ?? { name: "", digest: "" }],
          ci.privateKey,
        ),
      ),
    ).toThrow(/'config\/labels.json' is not covered/);
    expect(trustedSignatureStatus(getDb(), versionId).pass).toBe(false);
    expect(uploadVersionSignature(ds, "sig-team", "1", ciBundle)).toMatchObject(
      {
        kind: "uploaded",
        key: { id: key.id, name: "ci-release" },
      },
    );
    expect(getVersionSignature(ds, "sig-team", "1", "uploaded")).toBe(ciBundle);
    expect(verifyVersionForServing(getDb(), versionId)).toEqual({ ok: true });

    setPolicy(admin, {
      model: "sig-team",
      stage: "staging",
      required_approvals: 1,
      gates: ["signed by trusted key"],
    });
    const req = requestTransition(ds, "sig-team", 1, { to_stage: "staging" });
    expect(getRequest(admin, req.id).gates).toEqual([
      {
        gate: "signed by trusted key",
        pass: true,
        detail: expect.stringMatching(/signed by 'ci-release'/),
      },
    ]);

    revokeSigningKey(admin, key.id);
    expect(getRequest(admin, req.id).gates[0]).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/revoked/),
    });
    expect(() => uploadVersionSignature(ds, "sig-team", "1", ciBundle)).toThrow(
      /revoked/,
    );
    expect(
      listSigningKeys(admin).map((k) => [k.name, k.revoked_at !== null]),
    ).toEqual([["ci-release", true]]);
  });

  it("are dropped when the content changes, so the gate fails until CI signs the new content", async () => {
    const admin = await makeUser("admin");
    const { ds, versionId } = await versionWithTwoFiles("sig-stale");
    const ci = teamKey();
    addSigningKey(admin, { name: "ci-stale", public_key: pemOf(ci.publicKey) });
    const files = [
      { name: "model.bin", digest: sha("onnx bytes of the model") },
      { name: "config/labels.json", digest: sha('["cat","dog"]') },
    ];
    uploadVersionSignature(
      ds,
      "sig-stale",
      "1",
      buildBundle("x", files, ci.privateKey),
    );
    expect(trustedSignatureStatus(getDb(), versionId).pass).toBe(true);
    await putArtifact(ds, "sig-stale", "1", "model.bin", body("retrained"));
    expect(trustedSignatureStatus(getDb(), versionId)).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/no signature/),
    });
    // Stageline's own signature followed the new content.
    expect(verifyVersionForServing(getDb(), versionId)).toEqual({ ok: true });
  });

  it("are managed by admins only, and Stageline's own key cannot be made a team key", async () => {
    const admin = await makeUser("admin");
    const ds = await makeUser("data_scientist");
    expect(() =>
      addSigningKey(ds, {
        name: "mine",
        public_key: pemOf(teamKey().publicKey),
      }),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => listSigningKeys(ds)).toThrow(
      expect.objectContaining({ code: "forbidden" }),
    );
    expect(() =>
      addSigningKey(admin, {
        name: "ours",
        public_key: stagelineKey().publicPem,
      }),
    ).toThrow(/Stageline's own/);
    expect(() =>
      addSigningKey(admin, {
        name: "rsa",
        public_key: pemOf(
          generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey,
        ),
      }),
    ).toThrow(
      expect.objectContaining({
        code: "invalid",
        details: { fields: { public_key: ["Unsupported key type"] } },
      }),
    );
    expect(() =>
      addSigningKey(admin, { name: "junk", public_key: "hello" }),
    ).toThrow(expect.objectContaining({ code: "invalid" }));
  });
});
