import { describe, expect, it } from "vitest";
import { BufferReader } from "./byte-reader";
import { scanPickle } from "./pickle";
import { FIXTURES } from "./pickle-fixtures";

const scan = (bytes: Uint8Array | string, opts = {}) =>
  scanPickle(
    new BufferReader(
      typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes,
    ),
    opts,
  );

/** Opcode helpers for pickles written by hand. */
const u = (s: string) => {
  const b = Buffer.from(s, "utf8");
  return Buffer.concat([
    Buffer.from([0x58]),
    Buffer.from(new Uint32Array([b.length]).buffer),
    b,
  ]);
};
const cat = (...parts: (string | Buffer)[]) =>
  Buffer.concat(
    parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)),
  );

/** numpy.arange(3.0) as numpy pickles it (protocol 2), written opcode by opcode. */
const numpyArray = cat(
  "\x80\x02",
  "cnumpy.core.multiarray\n_reconstruct\nq\x00",
  "cnumpy\nndarray\nq\x01",
  "K\x00\x85q\x02C\x01bq\x03\x87q\x04Rq\x05",
  "(K\x01K\x03\x85q\x06",
  "cnumpy\ndtype\nq\x07",
  u("f8"),
  "\x89\x88\x87q\x08Rq\x09",
  "(K\x03",
  u("<"),
  "NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tq\x0ab",
  "\x89C\x18",
  Buffer.from(new Float64Array([0, 1, 2]).buffer),
  "tq\x0bb.",
);

describe("pickle scanner", () => {
  it("flags os.system called by REDUCE in a protocol 2 pickle", () => {
    expect(scan(FIXTURES.systemP2)).toEqual({
      imports: ["posix.system"],
      findings: ["posix.system"],
      streams: 1,
    });
    // The same written by hand for protocol 0, with Python 2's module name for builtins.
    expect(scan("cos\nsystem\n(S'echo hi'\ntR.").findings).toEqual([
      "os.system",
    ]);
    expect(scan("c__builtin__\neval\n(S'1+1'\ntR.").findings).toEqual([
      "builtins.eval",
    ]);
  });

  it("follows STACK_GLOBAL's module and name through memoized strings (protocol 4)", () => {
    const r = scan(FIXTURES.memoP4);
    expect(r.imports).toEqual(["posix.getcwd", "posix.system"]);
    expect(r.findings).toEqual(["posix.getcwd", "posix.system"]);
    // 'os' and 'system' stored with BINPUT and fetched back with BINGET / LONG_BINGET.
    const handmade = cat(
      "\x80\x04",
      "\x8c\x02osq\x01",
      "\x8c\x06systemr\x02\x00\x00\x00",
      "0",
      "h\x01j\x02\x00\x00\x00\x93",
      "\x8c\x02id\x85R.",
    );
    expect(scan(handmade).findings).toEqual(["os.system"]);
  });

  it("accepts numpy arrays, scikit-learn estimators and joblib files as safe", () => {
    expect(scan(numpyArray)).toEqual({
      imports: [
        "numpy.core.multiarray._reconstruct",
        "numpy.ndarray",
        "numpy.dtype",
      ],
      findings: [],
      streams: 1,
    });
    for (const real of [
      FIXTURES.sklearnP4,
      FIXTURES.sklearnP0,
      FIXTURES.joblib,
    ]) {
      const r = scan(real);
      expect(r.findings).toEqual([]);
      expect(r.imports).toContain(
        "sklearn.linear_model._logistic.LogisticRegression",
      );
    }
  });

  it("follows joblib's array layouts: structured dtypes, object arrays (nested pickles), strings, random states", () => {
    expect(scan(FIXTURES.joblibTree).findings).toEqual([]);
    expect(scan(FIXTURES.joblibMixed).findings).toEqual([]);
    expect(scan(FIXTURES.joblibObjectCode).findings).toEqual(["posix.system"]);
  });

  it("finds code hidden where joblib skips bytes but pickle.load reads opcodes", () => {
    expect(scan(FIXTURES.joblibSmuggled).findings).toEqual(["posix.system"]);
  });

  it("allows only scikit-learn's own classes, not what its modules import or its test helpers", () => {
    const call = (mod: string, name: string) =>
      scan(`c${mod}\n${name}\n)R.`).findings;
    expect(call("sklearn.ensemble._forest", "RandomForestClassifier")).toEqual(
      [],
    );
    expect(call("sklearn.datasets._base", "GzipFile")).toEqual([
      "sklearn.datasets._base.GzipFile",
    ]);
    expect(call("sklearn.utils._testing", "TempMemmap")).toEqual([
      "sklearn.utils._testing.TempMemmap",
    ]);
    expect(call("sklearn.utils", "check_array")).toEqual([
      "sklearn.utils.check_array",
    ]);
    expect(call("numpy", "load")).toEqual(["numpy.load"]);
    // A dotted name is an attribute walk (builtins.set.__init__...), never on the list.
    expect(
      scan(cat("\x80\x04", u("builtins"), u("set.__class__"), "\x93."))
        .findings,
    ).toEqual(["builtins.set.__class__"]);
  });

  it("reports what it cannot follow: computed names, extension codes, calls of non-imports", () => {
    // STACK_GLOBAL on the result of a call (str(...)), not on plain strings.
    const computed = cat(
      "\x80\x04",
      "cbuiltins\nstr\n",
      u("os"),
      "\x85R",
      u("system"),
      "\x93.",
    );
    expect(scan(computed).findings).toEqual([
      expect.stringMatching(
        /^STACK_GLOBAL on a module or name the scanner cannot follow/,
      ),
    ]);
    expect(scan("\x80\x02\x82\x01)R.").findings).toEqual([
      expect.stringMatching(/^extension code 1 \(EXT1\)/),
    ]);
    expect(scan("\x80\x02cbuiltins\nset\n)R)R.").findings).toEqual([
      expect.stringMatching(/^REDUCE calls a value that is not an import/),
    ]);
    expect(scan("\x80\x02cbuiltins\nset\n}b.").findings).toEqual([
      expect.stringMatching(/^BUILD on the imported builtins.set itself/),
    ]);
    expect(scan("\x80\x02U\x010Q.").findings).toEqual([
      expect.stringMatching(/^a persistent id/),
    ]);
    expect(scan("\x80\x02U\x010Q.", { persistentIds: true }).findings).toEqual(
      [],
    );
  });

  it("treats bytes it cannot parse as unsafe, never as safe", () => {
    for (const bad of [
      "",
      "\x80\x02",
      "\x80\x02N",
      "\x80\x02\xff.",
      "\x80\x09N.",
      "\x80\x020.",
      "\x80\x02h\x05.",
      "\x80\x02X\xff\xff\xff\x7fab",
      "GARBAGE",
    ]) {
      const r = scan(bad);
      expect(r.findings.length, JSON.stringify(bad)).toBe(1);
      expect(r.findings[0]).toMatch(/^not a (valid )?pickle/);
    }
    // Trailing bytes after STOP are scanned as further pickles (some loaders read them).
    expect(scan(cat("N.", "cos\nsystem\n.")).findings).toEqual(["os.system"]);
  });

  it("stops at its budget of work and says the file is too large to scan", () => {
    const many = cat("\x80\x02", "N0".repeat(10_000), "N.");
    expect(scan(many).findings).toEqual([]);
    expect(scan(many, { maxOps: 1000 }).findings).toEqual([
      "too large to scan: more than 1000 opcodes",
    ]);
    expect(
      scan(cat("\x80\x02(", "N".repeat(5000), "t."), { maxItems: 1000 })
        .findings,
    ).toEqual(["too large to scan: more than 1000 items on the stack"]);
  });
});
