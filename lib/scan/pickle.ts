// A pickle scanner: walks the opcodes of a pickle stream (protocols 0-5) with a small simulated
// stack and memo, never executing anything, and reports every global the stream imports and each
// one outside the allowlist (pickle-allowlist.ts). Strings are followed through the memo so that
// STACK_GLOBAL's module and name are known; anything the scanner cannot name is a finding, and a
// stream it cannot parse, or that exceeds its budget of work, is unsafe, never silently accepted.
//
// joblib files are pickles with raw array bytes after each NumpyArrayWrapper's BUILD. Those bytes
// are skipped exactly as joblib reads them, and the same bytes are also walked as plain opcodes,
// as pickle.load would read the file, so that no interpretation of the file goes unscanned.
//
// Long on purpose: one opcode walker over one simulated stack and memo; the opcodes share that
// state, so splitting them across files would only hide how each one moves it.

import {
  JOBLIB_ARRAY_WRAPPERS,
  allowedGlobal,
  displayName,
  normalizeModule,
  type CallResult,
} from "./pickle-allowlist";
import type { ByteReader } from "./byte-reader";

export type PickleScanOptions = {
  /** `module.name` globals a team trusts beyond the built-in allowlist. */
  extraAllowed?: ReadonlySet<string>;
  /** Opcodes walked in all, over every stream and interpretation (default 20 million). */
  maxOps?: number;
  /** Wall-clock budget in ms (default 10 s). */
  maxMillis?: number;
  /** Items on the simulated stack and entries in the memo (default 4 million each). */
  maxItems?: number;
  /** Persistent ids are expected (PyTorch checkpoints); elsewhere they are reported. */
  persistentIds?: boolean;
};

export type PickleScan = {
  /** Every global imported, `module.name`, in order of first appearance. */
  imports: string[];
  /** Imports outside the allowlist and other reasons the file is unsafe; empty when it is safe. */
  findings: string[];
  /** Pickle streams walked (a file may hold several one after another). */
  streams: number;
};

type Val =
  | { k: "str"; s: string }
  | { k: "int"; n: bigint }
  | { k: "none" }
  | { k: "global"; full: string; result: CallResult | null }
  | { k: "tuple"; items: Val[] }
  | { k: "dict"; entries: Map<string, Val> | null }
  | {
      k: "obj";
      cls: string | null;
      args: Val | null;
      state: Val | null;
      attrs: Map<string, Val> | null;
    }
  | { k: "other" };

const OTHER: Val = { k: "other" };
const NONE: Val = { k: "none" };
const MAX_LINE = 64 * 1024;
const DENSE_MEMO = 1 << 27;
// The report lists this many distinct imports at most (each is still checked, and findings kept).
const MAX_REPORTED_IMPORTS = 10_000;
// Strings and small containers are tracked (for STACK_GLOBAL names and joblib array layouts) up to
// this many bytes in all; past it they become opaque, which can only add findings, never hide one.
const TRACK_BUDGET = 16 * 1024 * 1024;
const MAX_TRACKED_STRING = 4096;
const MAX_TRACKED_ITEMS = 64;
// The legacy (pre-zip) torch.save format starts with this number as its own pickle.
const TORCH_LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

/**
 * Ends a scan, making the file unsafe: "invalid" bytes that are no pickle, "limit" a file past the
 * scanner's budget, "cannot" a pickle the scanner cannot follow soundly.
 */
export class PickleError extends Error {
  constructor(
    message: string,
    readonly kind: "invalid" | "limit" | "cannot" = "invalid",
  ) {
    super(message);
  }
}

function describe(error: PickleError): string {
  if (error.kind === "limit") return `too large to scan: ${error.message}`;
  if (error.kind === "cannot") return `cannot scan: ${error.message}`;
  return `not a valid pickle (${error.message}); a file the scanner cannot read is not accepted as safe`;
}

/** Scans every pickle stream in the reader, one after another, to its end. */
export function scanPickle(
  reader: ByteReader,
  opts: PickleScanOptions = {},
): PickleScan {
  const scan = new Scan(opts);
  try {
    let legacyTorchStreams = 0;
    while (reader.remaining > 0) {
      const top = new Machine(scan, reader, "joblib", null).run();
      scan.streams++;
      if (
        scan.streams === 1 &&
        top?.k === "int" &&
        top.n === TORCH_LEGACY_MAGIC
      )
        legacyTorchStreams = 5;
      // A legacy torch file is five pickles followed by raw storage bytes that torch reads as such.
      if (legacyTorchStreams && scan.streams >= legacyTorchStreams) break;
    }
    if (scan.streams === 0) scan.finding("not a pickle: the file is empty");
  } catch (error) {
    // Fail closed: whatever stops the walk, the file is not accepted as safe.
    if (error instanceof PickleError) scan.finding(describe(error));
    else {
      console.error("[stageline] pickle scan failed", error);
      scan.finding("cannot scan: the scanner failed on this file");
    }
  }
  return {
    imports: [...scan.imports],
    findings: [...scan.findings],
    streams: scan.streams,
  };
}

class Scan {
  readonly imports = new Set<string>();
  readonly findings = new Set<string>();
  streams = 0;
  ops = 0;
  wrapperImported = false;
  tracked = 0;
  readonly maxOps: number;
  readonly maxItems: number;
  readonly deadline: number;
  readonly extra: ReadonlySet<string>;
  readonly persistentIds: boolean;
  constructor(opts: PickleScanOptions) {
    this.maxOps = opts.maxOps ?? 20_000_000;
    this.maxItems = opts.maxItems ?? 4_000_000;
    this.deadline = Date.now() + (opts.maxMillis ?? 10_000);
    this.extra = opts.extraAllowed ?? new Set();
    this.persistentIds = opts.persistentIds ?? false;
  }
  finding(text: string): void {
    if (this.findings.size < 100) this.findings.add(text);
  }
  /** One opcode, or `cost` units of other work (copying a stack for a fork). */
  tick(cost = 1): void {
    const before = this.ops;
    this.ops += cost;
    if (this.ops > this.maxOps)
      throw new PickleError(`more than ${this.maxOps} opcodes`, "limit");
    if (
      (this.ops >>> 16 !== before >>> 16 || cost > 1) &&
      Date.now() > this.deadline
    )
      throw new PickleError("the scan ran out of time", "limit");
  }
  track(cost: number): boolean {
    if (this.tracked + cost > TRACK_BUDGET) return false;
    this.tracked += cost;
    return true;
  }
}

/**
 * The memo. Which indices are set is kept in a bitmap (a vocabulary of millions of memoized
 * strings costs a bit each); values only for what the scanner follows. A plain-pickle fork reads
 * its parent's memo and writes only its own.
 */
class Memo {
  private bits = new Uint8Array(1024);
  private sparse = new Set<number>();
  private values = new Map<number, Val>();
  private added = 0;
  constructor(
    private readonly parent: Memo | null,
    private readonly max: number,
  ) {}
  get size(): number {
    return (this.parent?.size ?? 0) + this.added;
  }
  has(i: number): boolean {
    const own =
      i < DENSE_MEMO
        ? ((this.bits[i >> 3] ?? 0) & (1 << (i & 7))) !== 0
        : this.sparse.has(i);
    return own || (this.parent?.has(i) ?? false);
  }
  get(i: number): Val | undefined {
    if (!this.has(i)) return undefined;
    return this.values.get(i) ?? this.parent?.values.get(i) ?? OTHER;
  }
  set(i: number, v: Val): void {
    if (!this.has(i)) {
      this.added++;
      if (this.size > this.max)
        throw new PickleError(`more than ${this.max} memo entries`, "limit");
      if (i < DENSE_MEMO) {
        if (i >> 3 >= this.bits.length) {
          const grown = new Uint8Array(
            Math.min(
              DENSE_MEMO >> 3,
              Math.max(this.bits.length * 2, (i >> 3) + 1),
            ),
          );
          grown.set(this.bits);
          this.bits = grown;
        }
        this.bits[i >> 3] = (this.bits[i >> 3] ?? 0) | (1 << (i & 7));
      } else this.sparse.add(i);
    }
    // A fork's own OTHER must hide its parent's value at the same index.
    if (v !== OTHER || this.parent?.values.has(i)) this.values.set(i, v);
    else this.values.delete(i);
  }
}

type Mode = "joblib" | "plain";

class Machine {
  private stack: Val[] = [];
  private marks: Val[][] = [];
  private items = 0;
  private readonly memo: Memo;

  constructor(
    private readonly scan: Scan,
    private readonly r: ByteReader,
    private readonly mode: Mode,
    fork: { stack: Val[]; marks: Val[][]; memo: Memo } | null,
  ) {
    this.memo = new Memo(fork?.memo ?? null, scan.maxItems);
    if (fork) {
      this.stack = [...fork.stack];
      this.marks = fork.marks.map((m) => [...m]);
      this.items =
        this.stack.length + this.marks.reduce((n, m) => n + m.length, 0);
    }
  }

  /** Walks one stream to its STOP; returns the value on top of the stack then. */
  run(): Val | null {
    for (;;) {
      this.scan.tick();
      const op = this.byte();
      if (this.step(op)) return this.stack.at(-1) ?? null;
    }
  }

  // ------------------------------------------------------------------ opcodes

  /** One opcode; true at STOP. */
  private step(op: number): boolean {
    switch (op) {
      case 0x2e: // STOP
        return true;
      case 0x80: {
        const proto = this.byte();
        if (proto > 5) throw new PickleError(`unsupported protocol ${proto}`);
        return false;
      }
      case 0x95: // FRAME: frames only group opcodes; reading them in order is what the unpickler does.
        this.uint(8);
        return false;
      case 0x28: // MARK
        this.marks.push(this.stack);
        this.stack = [];
        return false;
      case 0x30: // POP
        if (this.stack.length) this.pop();
        else this.popMark();
        return false;
      case 0x31: // POP_MARK
        this.popMark();
        return false;
      case 0x32: // DUP
        this.push(this.top());
        return false;
      case 0x4e: // NONE
        this.push(NONE);
        return false;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        this.push(OTHER);
        return false;
      case 0x49: // INT
        this.push(this.intLine());
        return false;
      case 0x4c: // LONG
        this.push(this.intLine());
        return false;
      case 0x46: // FLOAT
        this.line();
        this.push(OTHER);
        return false;
      case 0x47: // BINFLOAT
        this.skipBytes(8);
        this.push(OTHER);
        return false;
      case 0x4a: // BININT
        this.push(this.int(BigInt(this.sint32())));
        return false;
      case 0x4b: // BININT1
        this.push(this.int(BigInt(this.byte())));
        return false;
      case 0x4d: // BININT2
        this.push(this.int(BigInt(this.uint(2))));
        return false;
      case 0x8a: // LONG1
        this.push(this.long(this.byte()));
        return false;
      case 0x8b: {
        const n = this.sint32();
        if (n < 0) throw new PickleError("LONG4 with a negative byte count");
        this.push(this.long(n));
        return false;
      }
      case 0x53: // STRING: a quoted, escaped Python 2 str
        this.push(this.str(decodeEscapedString(this.line())));
        return false;
      case 0x56: // UNICODE: raw-unicode-escape
        this.push(this.str(decodeRawUnicodeEscape(this.line())));
        return false;
      case 0x54: {
        const n = this.sint32();
        if (n < 0) throw new PickleError("BINSTRING with a negative length");
        this.push(this.payload(n, "latin1"));
        return false;
      }
      case 0x55: // SHORT_BINSTRING
        this.push(this.payload(this.byte(), "latin1"));
        return false;
      case 0x58: // BINUNICODE
        this.push(this.payload(this.uint(4), "utf8"));
        return false;
      case 0x8c: // SHORT_BINUNICODE
        this.push(this.payload(this.byte(), "utf8"));
        return false;
      case 0x8d: // BINUNICODE8
        this.push(this.payload(this.uint(8), "utf8"));
        return false;
      case 0x42: // BINBYTES
        this.push(this.payload(this.uint(4), null));
        return false;
      case 0x43: // SHORT_BINBYTES
        this.push(this.payload(this.byte(), null));
        return false;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        this.push(this.payload(this.uint(8), null));
        return false;
      case 0x97: // NEXT_BUFFER: out-of-band data, not in the file
      case 0x98: // READONLY_BUFFER
        if (op === 0x98) this.top();
        else this.push(OTHER);
        return false;
      case 0x29: // EMPTY_TUPLE
        this.push(this.tuple([]));
        return false;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        const n = op - 0x84;
        const items = this.popN(n);
        this.push(this.tuple(items));
        return false;
      }
      case 0x74: // TUPLE
        this.push(this.tuple(this.popMark()));
        return false;
      case 0x5d: // EMPTY_LIST
      case 0x8f: // EMPTY_SET
        this.push(OTHER);
        return false;
      case 0x6c: // LIST
      case 0x91: // FROZENSET
        this.popMark();
        this.push(OTHER);
        return false;
      case 0x7d: // EMPTY_DICT
        this.push(this.dict([]));
        return false;
      case 0x64: // DICT
        this.push(this.dict(this.popMark()));
        return false;
      case 0x61: // APPEND
        this.pop();
        this.mutate(this.top(), "APPEND", []);
        return false;
      case 0x65: // APPENDS
      case 0x90: // ADDITEMS
        this.popMark();
        this.mutate(this.top(), op === 0x65 ? "APPENDS" : "ADDITEMS", []);
        return false;
      case 0x73: {
        // SETITEM
        const [key, value] = this.popN(2) as [Val, Val];
        this.mutate(this.top(), "SETITEM", [key, value]);
        return false;
      }
      case 0x75: {
        // SETITEMS
        const pairs = this.popMark();
        this.mutate(this.top(), "SETITEMS", pairs);
        return false;
      }
      case 0x67: // GET
        this.push(this.memoGet(this.decimalLine()));
        return false;
      case 0x68: // BINGET
        this.push(this.memoGet(this.byte()));
        return false;
      case 0x6a: // LONG_BINGET
        this.push(this.memoGet(this.uint(4)));
        return false;
      case 0x70: // PUT
        this.memoPut(this.decimalLine());
        return false;
      case 0x71: // BINPUT
        this.memoPut(this.byte());
        return false;
      case 0x72: // LONG_BINPUT
        this.memoPut(this.uint(4));
        return false;
      case 0x94: // MEMOIZE
        this.memoPut(this.memo.size);
        return false;
      case 0x63: {
        // GLOBAL
        const mod = this.textLine();
        const name = this.textLine();
        this.push(this.global(mod, name));
        return false;
      }
      case 0x93: {
        // STACK_GLOBAL
        const [mod, name] = this.popN(2) as [Val, Val];
        if (mod.k === "str" && name.k === "str")
          this.push(this.global(mod.s, name.s));
        else {
          // Strings computed by a call could name anything: a finding even in a fork.
          this.scan.finding(
            "STACK_GLOBAL on a module or name the scanner cannot follow (not a plain string)",
          );
          this.push({ k: "global", full: "?", result: null });
        }
        return false;
      }
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: {
        // EXT4: a global named by a number in copyreg's extension registry, which is not the file's to say.
        const code =
          op === 0x82
            ? this.byte()
            : op === 0x83
              ? this.uint(2)
              : this.sint32();
        // A stock Python has no extensions registered, so pickle.load of array bytes fails here.
        if (this.inFork) throw new PickleError("unregistered extension code");
        this.scan.finding(
          `extension code ${code} (EXT${op === 0x82 ? 1 : op === 0x83 ? 2 : 4}): a global from copyreg's extension registry that the scanner cannot resolve`,
        );
        this.push({ k: "global", full: `?ext${code}`, result: null });
        return false;
      }
      case 0x69: {
        // INST: module and name on lines, arguments since the mark
        const mod = this.textLine();
        const name = this.textLine();
        const args = this.popMark();
        const cls = this.global(mod, name);
        this.push(this.call(cls, this.tuple(args), "INST"));
        return false;
      }
      case 0x6f: {
        // OBJ: class and arguments since the mark
        const items = this.popMark();
        const cls = items[0];
        if (!cls) throw new PickleError("OBJ with nothing after its mark");
        this.push(this.call(cls, this.tuple(items.slice(1)), "OBJ"));
        return false;
      }
      case 0x52: {
        // REDUCE
        const [fn, args] = this.popN(2) as [Val, Val];
        this.push(this.call(fn, args, "REDUCE"));
        return false;
      }
      case 0x81: {
        // NEWOBJ
        const [cls, args] = this.popN(2) as [Val, Val];
        this.push(this.call(cls, args, "NEWOBJ"));
        return false;
      }
      case 0x92: {
        // NEWOBJ_EX
        const [cls, args] = this.popN(3) as [Val, Val, Val];
        this.push(this.call(cls, args, "NEWOBJ_EX"));
        return false;
      }
      case 0x50: // PERSID
        this.line();
        this.persistent();
        this.push(OTHER);
        return false;
      case 0x51: // BINPERSID
        this.pop();
        this.persistent();
        this.push(OTHER);
        return false;
      case 0x62: // BUILD
        this.build();
        return false;
      default:
        throw new PickleError(
          `unknown opcode 0x${op.toString(16).padStart(2, "0")} at byte ${this.r.position - 1}`,
        );
    }
  }

  // ------------------------------------------------------------------ meaning

  private global(module: string, name: string): Val {
    if (
      this.mode === "plain" &&
      this.inFork &&
      !(isDotted(module) && isDotted(name))
    ) {
      // Raw array bytes read as opcodes: a "name" that is no Python identifier cannot import anything.
      throw new PickleError("not a Python name");
    }
    const full = displayName(normalizeModule(module), name);
    if (this.scan.imports.size < MAX_REPORTED_IMPORTS)
      this.scan.imports.add(full);
    const result = allowedGlobal(module, name, this.scan.extra);
    if (JOBLIB_ARRAY_WRAPPERS.has(full)) this.scan.wrapperImported = true;
    if (result === null) this.scan.finding(full);
    return { k: "global", full, result };
  }

  /** What REDUCE, NEWOBJ, OBJ and INST make: only imports may be called. */
  private call(fn: Val, args: Val, how: string): Val {
    if (fn.k !== "global") {
      // In a fork (array bytes read as opcodes) calling a literal or an object of a known class
      // fails or runs only allowlisted code; a value of unknown origin is a finding everywhere.
      if (this.inFork && (fn.k !== "obj" || fn.cls !== null))
        throw new PickleError("calls a value that is not callable");
      this.scan.finding(
        `${how} calls a value that is not an import (the scanner cannot tell what it runs)`,
      );
      return { k: "obj", cls: null, args, state: null, attrs: null };
    }
    let cls: string | null = null;
    if (fn.result === "self") cls = fn.full;
    else if (fn.result === "data") cls = "data";
    else if (fn.result === "arg0") {
      const first = args.k === "tuple" ? args.items[0] : undefined;
      cls = first?.k === "global" ? first.full : null;
    }
    // Attributes are followed only where they are read back: joblib's array wrapper.
    const wrapper =
      this.mode === "joblib" && cls !== null && JOBLIB_ARRAY_WRAPPERS.has(cls);
    return {
      k: "obj",
      cls,
      args,
      state: null,
      attrs: wrapper ? new Map() : null,
    };
  }

  private mutate(target: Val, how: string, pairs: Val[]): void {
    if (target.k === "global") {
      this.scan.finding(
        `${how} on the imported ${target.full} itself (changes a class or function)`,
      );
      return;
    }
    // Only joblib's array layout reads containers back, so only the joblib walk keeps them.
    if (this.mode !== "joblib" || target.k !== "dict" || !target.entries)
      return;
    if (how !== "SETITEM" && how !== "SETITEMS") return;
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i];
      const value = pairs[i + 1];
      if (
        key?.k !== "str" ||
        !value ||
        target.entries.size >= MAX_TRACKED_ITEMS ||
        !this.scan.track(2 * key.s.length + 48)
      ) {
        target.entries = null;
        return;
      }
      target.entries.set(key.s, value);
    }
    if (pairs.length % 2) target.entries = null;
  }

  private persistent(): void {
    if (this.scan.persistentIds) return;
    // Without a persistent_load, pickle.load fails here.
    if (this.inFork) throw new PickleError("a persistent id without a loader");
    this.scan.finding(
      "a persistent id (PERSID/BINPERSID): loading it needs a custom loader that the scanner cannot vet",
    );
  }

  private build(): void {
    const state = this.pop();
    const inst = this.top();
    if (inst.k === "global") {
      this.scan.finding(
        `BUILD on the imported ${inst.full} itself (sets attributes of a class or function)`,
      );
      return;
    }
    if (this.mode !== "joblib" || inst.k !== "obj") return;
    inst.state = state;
    mergeState(inst, state);
    const wrapper = inst.cls !== null && JOBLIB_ARRAY_WRAPPERS.has(inst.cls);
    // joblib checks the built object's class; one the scanner cannot name might be its wrapper.
    if (inst.cls === null && this.scan.wrapperImported) {
      throw new PickleError(
        "a joblib array wrapper may be built from a value the scanner cannot follow",
        "cannot",
      );
    }
    if (!wrapper) return;
    // pickle.load would read what follows as opcodes: walk that reading too, from here.
    this.forkPlain();
    this.skipJoblibArray(inst);
    this.pop();
    this.push({ k: "obj", cls: "data", args: null, state: null, attrs: null });
  }

  private inFork = false;

  private forkPlain(): void {
    this.scan.tick(this.items);
    const fork = new Machine(this.scan, this.r.clone(), "plain", {
      stack: this.stack,
      marks: this.marks,
      memo: this.memo,
    });
    fork.inFork = true;
    try {
      fork.run();
    } catch (error) {
      // Only running out of budget matters: anything else is where pickle.load would fail too.
      if (!(error instanceof PickleError) || error.kind === "limit")
        throw error;
    }
  }

  /** Moves past the raw array bytes exactly as joblib's NumpyArrayWrapper.read_array reads them. */
  private skipJoblibArray(wrapper: Extract<Val, { k: "obj" }>): void {
    const attrs = wrapper.attrs;
    const shape = attrs?.get("shape");
    const dtype = attrs?.get("dtype");
    const align = attrs?.get("numpy_array_alignment_bytes");
    const cannot = (why: string) =>
      new PickleError(`a joblib array ${why}`, "cannot");
    if (!attrs || !shape || !dtype)
      throw cannot("whose layout the scanner cannot follow");
    const layout = dtypeLayout(dtype);
    if (!layout) throw cannot("of a dtype the scanner does not know");
    let count = 1n;
    if (shape.k !== "tuple")
      throw cannot("whose shape the scanner cannot follow");
    for (const d of shape.items) {
      if (d.k !== "int" || d.n < 0n)
        throw cannot("whose shape the scanner cannot follow");
      count *= d.n;
    }
    if (layout === "object") {
      // Object arrays are a nested pickle, read by plain pickle.load.
      new Machine(this.scan, this.r, "plain", null).run();
      return;
    }
    // joblib >= 1.2 aligns the data: one byte giving the padding's length, then the padding.
    if (align !== undefined && align.k !== "none") {
      if (align.k === "other")
        throw cannot("with an alignment the scanner cannot follow");
      this.skipBytes(this.byte());
    }
    const size = count * BigInt(layout);
    if (size > BigInt(this.r.remaining) || !this.r.skip(Number(size)))
      throw new PickleError(
        "a joblib array is longer than the rest of the file",
      );
  }

  // ------------------------------------------------------------------ values

  private str(s: string): Val {
    return s.length <= MAX_TRACKED_STRING && this.scan.track(2 * s.length + 64)
      ? { k: "str", s }
      : OTHER;
  }
  private int(n: bigint): Val {
    return this.scan.track(48) ? { k: "int", n } : OTHER;
  }
  private tuple(items: Val[]): Val {
    return items.length <= MAX_TRACKED_ITEMS &&
      this.scan.track(items.length * 8 + 64)
      ? { k: "tuple", items }
      : OTHER;
  }
  private dict(flat: Val[]): Val {
    if (this.mode !== "joblib") return OTHER;
    const d: Val = {
      k: "dict",
      entries: this.scan.track(96) ? new Map() : null,
    };
    this.mutate(d, "SETITEMS", flat);
    return d;
  }
  private long(n: number): Val {
    if (n > 64) {
      this.skipBytes(n);
      return OTHER;
    }
    const b = this.bytes(n);
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] ?? 0);
    if (n > 0 && ((b[n - 1] ?? 0) & 0x80) !== 0) v -= 1n << BigInt(8 * n);
    return this.int(v);
  }
  /** A length-prefixed payload: decoded when it may be a name, skipped when it is long. */
  private payload(n: number, encoding: "utf8" | "latin1" | null): Val {
    if (encoding === null || n > MAX_TRACKED_STRING) {
      this.skipBytes(n);
      return OTHER;
    }
    const b = this.bytes(n);
    return this.str(
      encoding === "utf8" ? new TextDecoder().decode(b) : latin1(b),
    );
  }
  private memoGet(i: number): Val {
    const v = this.memo.get(i);
    if (v === undefined)
      throw new PickleError(`memo entry ${i} was never stored`);
    return v;
  }
  private memoPut(i: number): void {
    if (i < 0) throw new PickleError("negative memo index");
    this.memo.set(i, this.top());
  }

  // ------------------------------------------------------------------ stack

  private push(v: Val): void {
    if (++this.items > this.scan.maxItems)
      throw new PickleError(
        `more than ${this.scan.maxItems} items on the stack`,
        "limit",
      );
    this.stack.push(v);
  }
  private pop(): Val {
    const v = this.stack.pop();
    if (v === undefined) throw new PickleError("stack underflow");
    this.items--;
    return v;
  }
  private popN(n: number): Val[] {
    if (this.stack.length < n) throw new PickleError("stack underflow");
    this.items -= n;
    return this.stack.splice(this.stack.length - n, n);
  }
  private top(): Val {
    const v = this.stack.at(-1);
    if (v === undefined) throw new PickleError("stack underflow");
    return v;
  }
  private popMark(): Val[] {
    const items = this.stack;
    const below = this.marks.pop();
    if (below === undefined) throw new PickleError("no mark to pop");
    this.stack = below;
    this.items -= items.length;
    return items;
  }

  // ------------------------------------------------------------------ bytes

  private byte(): number {
    const b = this.r.read(1);
    if (!b) throw new PickleError("the pickle ends before its STOP opcode");
    return b[0] ?? 0;
  }
  private bytes(n: number): Uint8Array {
    const b = this.r.read(n);
    if (!b)
      throw new PickleError("the pickle ends inside an opcode's argument");
    return b;
  }
  private skipBytes(n: number): void {
    if (!this.r.skip(n))
      throw new PickleError("the pickle ends inside an opcode's argument");
  }
  private uint(n: 2 | 4 | 8): number {
    const b = this.bytes(n);
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[i] ?? 0);
    if (!Number.isSafeInteger(v))
      throw new PickleError("a length larger than any file");
    return v;
  }
  private sint32(): number {
    const b = this.bytes(4);
    return new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);
  }
  private line(): Uint8Array {
    const l = this.r.readLine(MAX_LINE);
    if (!l) throw new PickleError("a line argument has no end");
    return l;
  }
  private textLine(): string {
    return new TextDecoder().decode(this.line());
  }
  private decimalLine(): number {
    const text = latin1(this.line()).trim();
    if (!/^-?\d{1,15}$/.test(text))
      throw new PickleError("a memo index is not a number");
    return Number(text);
  }
  private intLine(): Val {
    let text = latin1(this.line()).trim();
    if (text.endsWith("L")) text = text.slice(0, -1);
    if (/^[-+]?\d+$/.test(text) && text.length < 40)
      return this.int(BigInt(text));
    return OTHER;
  }
}

/** BUILD without __setstate__: a dict updates the instance's attributes, a (dict, slots) pair both. */
function mergeState(inst: Extract<Val, { k: "obj" }>, state: Val): void {
  if (!inst.attrs) return;
  const parts =
    state.k === "tuple" && state.items.length === 2 ? state.items : [state];
  for (const part of parts) {
    if (part.k === "none") continue;
    if (part.k !== "dict" || !part.entries) {
      inst.attrs = null;
      return;
    }
    for (const [k, v] of part.entries) inst.attrs.set(k, v);
  }
}

/**
 * Bytes per element of a numpy dtype rebuilt as `numpy.dtype(descr, align, copy)` + BUILD(state),
 * "object" for object arrays, or null when the scanner does not follow it (subarrays, odd states).
 * Structured dtypes (a tree's nodes) are followed through their fields. numpy may take "holds
 * objects" from the state's flags or from the fields, so the two must agree.
 */
function dtypeLayout(dtype: Val, depth = 0): number | "object" | null {
  if (
    depth > 8 ||
    dtype.k !== "obj" ||
    dtype.cls !== "numpy.dtype" ||
    dtype.args?.k !== "tuple"
  )
    return null;
  const descr = dtype.args.items[0];
  if (descr?.k !== "str") return null;
  const m = /^([biufcmMSUOV])(\d+)$/.exec(descr.s);
  if (!m?.[1] || !m[2]) return null;
  const kind = m[1];
  const digits = Number(m[2]);
  const state = dtype.state;
  // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
  if (state?.k !== "tuple" || state.items.length < 8) return null;
  const [, , sub, names, fields, elsize, , flags] = state.items;
  if (sub?.k !== "none" || elsize?.k !== "int" || flags?.k !== "int")
    return null;
  const size = Number(elsize.n);
  const objectFlag = (flags.n & 1n) === 1n;
  if (
    kind === "V" &&
    names?.k === "tuple" &&
    fields?.k === "dict" &&
    fields.entries
  ) {
    if (
      names.items.length !== fields.entries.size ||
      size <= 0 ||
      size !== digits
    )
      return null;
    for (const field of fields.entries.values()) {
      const fieldDtype = field.k === "tuple" ? field.items[0] : undefined;
      const layout = fieldDtype ? dtypeLayout(fieldDtype, depth + 1) : null;
      if (typeof layout !== "number") return null;
    }
    return objectFlag ? null : size;
  }
  if (names?.k !== "none" || fields?.k !== "none") return null;
  if (kind === "O") return objectFlag ? "object" : null;
  if (objectFlag) return null;
  if (kind === "U") return digits > 0 && size === digits * 4 ? size : null;
  if (kind === "S" || kind === "V")
    return digits > 0 && size === digits ? size : null;
  return digits > 0 && (size === -1 || size === digits) ? digits : null;
}

function isDotted(s: string): boolean {
  return s.split(".").every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p));
}

function latin1(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

/** Protocol 0 STRING: a quoted Python 2 literal with backslash escapes. */
function decodeEscapedString(raw: Uint8Array): string {
  const text = latin1(raw);
  const q = text[0];
  if (text.length < 2 || (q !== "'" && q !== '"') || text.at(-1) !== q)
    throw new PickleError("a STRING argument is not quoted");
  const body = text.slice(1, -1);
  const simple: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    "\\": "\\",
    "'": "'",
    '"': '"',
    a: "\x07",
    b: "\b",
    f: "\f",
    v: "\v",
    "\n": "",
  };
  return body.replace(
    /\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/gs,
    (all, e: string) => {
      if (e[0] === "x" && e.length === 3)
        return String.fromCharCode(parseInt(e.slice(1), 16));
      if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
      return simple[e] ?? all;
    },
  );
}

/** Protocol 0 UNICODE: latin-1 with \uXXXX and \UXXXXXXXX escapes. */
function decodeRawUnicodeEscape(raw: Uint8Array): string {
  return latin1(raw).replace(
    /\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g,
    (all, u?: string, U?: string) => {
      const cp = parseInt(u ?? U ?? "", 16);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    },
  );
}
