// Real public data sets shipped by the vega-datasets npm package, read from node_modules.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type Dataset = {
  name: string;
  sha256: string;
  features: string[];
  X: number[][];
  y: number[];
  target: string;
};

function readVega(file: string): {
  rows: Record<string, unknown>[];
  sha256: string;
} {
  const full = path.join(
    /*turbopackIgnore: true*/ process.cwd(),
    "node_modules",
    "vega-datasets",
    "data",
    file,
  );
  const text = fs.readFileSync(full);
  return {
    rows: JSON.parse(text.toString("utf8")) as Record<string, unknown>[],
    sha256: createHash("sha256").update(text).digest("hex"),
  };
}

/** Every feature column of cars.json, in the order of a row (the demo's fullest variant uses all). */
export const CARS_FEATURES = [
  "horsepower",
  "weight",
  "displacement",
  "cylinders",
  "acceleration",
  "year",
] as const;

/** Every feature column of penguins.json, in the order of a row. */
export const PENGUIN_FEATURES = [
  "beak_length_mm",
  "beak_depth_mm",
  "flipper_length_mm",
  "body_mass_g",
  "is_gentoo",
  "is_chinstrap",
] as const;

const num = (v: unknown) =>
  typeof v === "number" && Number.isFinite(v) ? v : null;

/** cars.json: predict miles per gallon; rows with a missing value are dropped. */
export function carsMpg(): Dataset {
  const { rows, sha256 } = readVega("cars.json");
  const features = [...CARS_FEATURES];
  const X: number[][] = [];
  const y: number[] = [];
  for (const r of rows) {
    const year = typeof r.Year === "string" ? Number(r.Year.slice(0, 4)) : null;
    const x = [
      num(r.Horsepower),
      num(r.Weight_in_lbs),
      num(r.Displacement),
      num(r.Cylinders),
      num(r.Acceleration),
      year,
    ];
    const target = num(r.Miles_per_Gallon);
    if (target === null || x.some((v) => v === null || !Number.isFinite(v)))
      continue;
    X.push(x as number[]);
    y.push(target);
  }
  return {
    name: "vega-datasets/cars.json",
    sha256,
    features,
    X,
    y,
    target: "miles_per_gallon",
  };
}

/** penguins.json: predict whether a penguin is male from its measurements and species. */
export function penguinsSex(): Dataset {
  const { rows, sha256 } = readVega("penguins.json");
  const features = [...PENGUIN_FEATURES];
  const X: number[][] = [];
  const y: number[] = [];
  for (const r of rows) {
    if (r.Sex !== "MALE" && r.Sex !== "FEMALE") continue;
    const x = [
      num(r["Beak Length (mm)"]),
      num(r["Beak Depth (mm)"]),
      num(r["Flipper Length (mm)"]),
      num(r["Body Mass (g)"]),
      r.Species === "Gentoo" ? 1 : 0,
      r.Species === "Chinstrap" ? 1 : 0,
    ];
    if (x.some((v) => v === null)) continue;
    X.push(x as number[]);
    y.push(r.Sex === "MALE" ? 1 : 0);
  }
  return {
    name: "vega-datasets/penguins.json",
    sha256,
    features,
    X,
    y,
    target: "is_male",
  };
}

/** Keeps only the named columns of a data set, in that order. */
export function selectColumns(ds: Dataset, columns: string[]): number[][] {
  const idx = columns.map((c) => {
    const i = ds.features.indexOf(c);
    if (i < 0) throw new Error(`unknown feature ${c}`);
    return i;
  });
  return ds.X.map((r) => idx.map((i) => r[i] as number));
}
