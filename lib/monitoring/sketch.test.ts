import { expect, it } from "vitest";
import { addValues, decodeSummary, encodeSummary, newSketch } from "./sketch";

it("a stored sketch reads back with every bin (negative, zero and positive values) and keeps merging", () => {
  const a = newSketch();
  for (let v = -1000; v <= 1000; v++) a.accept(v);
  const back = decodeSummary(encodeSummary({ exact: null, sketch: a }))?.sketch;
  expect(back?.count).toBe(2001);
  for (const q of [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1])
    expect(back?.getValueAtQuantile(q)).toBe(a.getValueAtQuantile(q));
  // Fed more after the round trip, it answers as one sketch of everything would.
  for (let v = 1001; v <= 3000; v++) back?.accept(v);
  for (let v = 1001; v <= 3000; v++) a.accept(v);
  expect(back?.getValueAtQuantile(0.05)).toBeCloseTo(-800, -1);
  for (const q of [0.05, 0.5, 0.95])
    expect(back?.getValueAtQuantile(q)).toBe(a.getValueAtQuantile(q));
  // Bytes that are not a summary of this format are refused (the caller rebuilds from raw points).
  expect(
    decodeSummary(Buffer.from("not a sketch at all, honestly!!!!!!!!!!!")),
  ).toBeNull();
  expect(
    decodeSummary(encodeSummary({ exact: null, sketch: a }).subarray(0, 48)),
  ).toBeNull();
});

it("a small minute keeps its values sorted, and becomes a sketch past the limit", () => {
  const small = addValues(addValues(null, [3, -1, 2], 5), [0, 1], 5);
  expect(Array.from(decodeSummary(encodeSummary(small))?.exact ?? [])).toEqual([
    -1, 0, 1, 2, 3,
  ]);
  const big = addValues(small, [4], 5);
  expect(big.exact).toBeNull();
  expect(big.sketch?.count).toBe(6);
});
