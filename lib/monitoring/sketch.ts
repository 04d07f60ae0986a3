// What metric_rollups.sketch holds for a minute, so every process that writes the minute merges
// into the same summary: the minute's values themselves while there are few (exact percentiles),
// then a DDSketch (percentiles within 1%, size bounded by the value range, not the count).
//
// @datadog/sketches-js has toProto/fromProto, but they require protobufjs, which the package does
// not declare (so they throw "Cannot find module 'protobufjs/minimal'" here), and its merge() drops
// the negative store. This codec uses only the sketch's public stores: the non-zero bins of each
// as (key, count) pairs. Little-endian float64s throughout, so a data folder moves between machines:
//   exact:  [EXACT, n, v1, ..., vn]   (sorted)
//   sketch: [SKETCH, relativeAccuracy, zeroCount, positive bins n, key, count, ..., negative bins n, key, count, ...]
import os from "node:os";
import { DDSketch } from "@datadog/sketches-js";

/** Percentiles within 1% of the true value: the same accuracy the rollups always had. */
export const RELATIVE_ACCURACY = 0.01;
const EXACT = 2;
const SKETCH = 1;

export type Summary =
  { exact: Float64Array; sketch: null } | { exact: null; sketch: DDSketch };

type Store = DDSketch["store"];

export function newSketch(): DDSketch {
  return new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY });
}

function binsOf(store: Store): number[] {
  const out: number[] = [];
  if (store.count === 0) return out;
  const { bins, offset } = store;
  for (let i = 0; i < bins.length; i++) {
    const c = bins[i] as number;
    if (c !== 0) out.push(i + offset, c);
  }
  return out;
}

const LITTLE_ENDIAN = os.endianness() === "LE";

/** The float64s as little-endian bytes (a plain copy on a little-endian machine). */
function toBytes(values: Float64Array): Buffer {
  if (LITTLE_ENDIAN)
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const buf = Buffer.allocUnsafe(values.length * 8);
  values.forEach((v, i) => buf.writeDoubleLE(v, i * 8));
  return buf;
}

function toFloats(buf: Uint8Array): Float64Array {
  const out = new Float64Array(buf.byteLength / 8);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(buf);
  else {
    const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = b.readDoubleLE(i * 8);
  }
  return out;
}

export function encodeSummary(summary: Summary): Buffer {
  if (summary.exact) {
    const out = new Float64Array(summary.exact.length + 2);
    out[0] = EXACT;
    out[1] = summary.exact.length;
    out.set(summary.exact, 2);
    return toBytes(out);
  }
  const { sketch } = summary;
  const pos = binsOf(sketch.store);
  const neg = binsOf(sketch.negativeStore);
  const out = new Float64Array(6 + pos.length + neg.length);
  out.set([SKETCH, RELATIVE_ACCURACY, sketch.zeroCount, pos.length / 2]);
  out.set(pos, 4);
  out[4 + pos.length] = neg.length / 2;
  out.set(neg, 5 + pos.length);
  return toBytes(out.subarray(0, 5 + pos.length + neg.length));
}

/** The stored summary, or null when the bytes are not one of this format and accuracy (the caller rebuilds it). */
export function decodeSummary(buf: Uint8Array): Summary | null {
  if (buf.byteLength < 16 || buf.byteLength % 8 !== 0) return null;
  const f = toFloats(buf);
  const n = f.length;
  if (f[0] === EXACT)
    return f[1] === n - 2 ? { exact: f.subarray(2), sketch: null } : null;
  if (f[0] !== SKETCH || n < 5 || f[1] !== RELATIVE_ACCURACY) return null;
  const sketch = newSketch();
  let i = 2;
  sketch.zeroCount = f[i++] as number;
  for (const store of [sketch.store, sketch.negativeStore]) {
    if (i >= n) return null;
    const bins = f[i++] as number;
    if (i + bins * 2 > n) return null;
    if (bins > 0) {
      // The two ends first (weight 0), so the store grows once instead of once per chunk of keys;
      // keys as small integers, which the store's array indexes fastest.
      store.add((f[i + 2 * (bins - 1)] as number) | 0, 0);
      store.add((f[i] as number) | 0, 0);
    }
    for (let k = 0; k < bins; k++, i += 2)
      store.add((f[i] as number) | 0, f[i + 1] as number);
  }
  if (i !== n) return null;
  // accept() keeps `count` itself; bins added to the stores directly do not.
  sketch.count =
    sketch.store.count + sketch.negativeStore.count + sketch.zeroCount;
  return { exact: null, sketch };
}

/** `summary` with `added` folded in: exact while the total stays within `exactLimit` values, a sketch past it. */
export function addValues(
  summary: Summary | null,
  added: readonly number[],
  exactLimit: number,
): Summary {
  if (!summary || summary.exact) {
    const before = summary?.exact ?? new Float64Array(0);
    if (before.length + added.length <= exactLimit) {
      // A linear merge of the sorted values with the sorted batch.
      const extra = Float64Array.from(added).sort();
      const out = new Float64Array(before.length + extra.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < before.length && j < extra.length)
        out[k++] =
          (before[i] as number) <= (extra[j] as number)
            ? (before[i++] as number)
            : (extra[j++] as number);
      while (i < before.length) out[k++] = before[i++] as number;
      while (j < extra.length) out[k++] = extra[j++] as number;
      return { exact: out, sketch: null };
    }
    const sketch = newSketch();
    for (const v of before) sketch.accept(v);
    for (const v of added) sketch.accept(v);
    return { exact: null, sketch };
  }
  for (const v of added) summary.sketch.accept(v);
  return summary;
}
