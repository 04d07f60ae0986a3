// The further demo data sets, read from the vega-datasets package like lib/ml/datasets.ts: each a
// real public table turned into numeric features and a target (a class as 0/1, or a value), with
// the labels a classifier's evaluation names its classes by.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Dataset } from "@/lib/ml/datasets";

/** A data set and, for a classifier, the names of its classes 0 and 1. */
export type DemoDataset = Dataset & { labels?: [string, string] };

function readFile(file: string): { text: string; sha256: string } {
  const full = path.join(
    /*turbopackIgnore: true*/ process.cwd(),
    "node_modules",
    "vega-datasets",
    "data",
    file,
  );
  const bytes = fs.readFileSync(full);
  return {
    text: bytes.toString("utf8"),
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

function readJson(file: string) {
  const { text, sha256 } = readFile(file);
  return { rows: JSON.parse(text) as Record<string, unknown>[], sha256 };
}

/** A plain CSV (no quoted commas, as seattle-weather.csv is). */
function readCsv(file: string) {
  const { text, sha256 } = readFile(file);
  const [head = "", ...lines] = text.trim().split(/\r?\n/);
  const cols = head.split(",");
  const rows = lines.map((l) => {
    const cells = l.split(",");
    return Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? ""]));
  });
  return { rows, sha256 };
}

const num = (v: unknown): number | null => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
};

/** Rows whose features and target are all numbers; the rest are dropped. */
function build(
  name: string,
  sha256: string,
  features: string[],
  target: string,
  rows: (number | null)[][],
  labels?: [string, string],
): DemoDataset {
  const X: number[][] = [];
  const y: number[] = [];
  for (const r of rows) {
    if (r.some((v) => v === null)) continue;
    X.push(r.slice(0, -1) as number[]);
    y.push(r[r.length - 1] as number);
  }
  return { name, sha256, features, X, y, target, ...(labels && { labels }) };
}

const cyclic = (value: number, period: number) => [
  Math.sin((2 * Math.PI * value) / period),
  Math.cos((2 * Math.PI * value) / period),
];

/** cars.json: is the car American-made, from its specifications? */
export function carsOrigin(): DemoDataset {
  const { rows, sha256 } = readJson("cars.json");
  return build(
    "vega-datasets/cars.json",
    sha256,
    ["weight", "displacement", "horsepower", "cylinders", "acceleration"],
    "is_usa",
    rows.map((r) => [
      num(r.Weight_in_lbs),
      num(r.Displacement),
      num(r.Horsepower),
      num(r.Cylinders),
      num(r.Acceleration),
      r.Origin === "USA" ? 1 : 0,
    ]),
    ["imported", "usa"],
  );
}

function flightRows(target: (delay: number) => number) {
  const { rows, sha256 } = readJson("flights-5k.json");
  return {
    sha256,
    rows: rows.map((r) => {
      // "2001/01/01 06:55": the departure hour and weekday of the scheduled flight.
      const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})$/.exec(
        String(r.date),
      );
      const delay = num(r.delay);
      if (!m || delay === null) return [null];
      const day = new Date(
        Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])),
      ).getUTCDay();
      const hour = Number(m[4]) + Number(m[5]) / 60;
      return [
        num(r.distance),
        hour,
        day === 0 || day === 6 ? 1 : 0,
        ...cyclic(hour, 24),
        target(delay),
      ];
    }),
  };
}

const FLIGHT_FEATURES = [
  "distance_mi",
  "dep_hour",
  "is_weekend",
  "hour_sin",
  "hour_cos",
];

/** flights-5k.json: will the flight arrive more than 15 minutes late? */
export function flightDelayed(): DemoDataset {
  const { rows, sha256 } = flightRows((d) => (d > 15 ? 1 : 0));
  return build(
    "vega-datasets/flights-5k.json",
    sha256,
    FLIGHT_FEATURES,
    "delayed_15",
    rows,
    ["on_time", "delayed"],
  );
}

/** flights-5k.json: the arrival delay in minutes. */
export function flightDelayMinutes(): DemoDataset {
  const { rows, sha256 } = flightRows((d) => d);
  return build(
    "vega-datasets/flights-5k.json",
    sha256,
    FLIGHT_FEATURES,
    "delay_min",
    rows,
  );
}

/** penguins.json: body mass from the other measurements, species and sex. */
export function penguinsBodyMass(): DemoDataset {
  const { rows, sha256 } = readJson("penguins.json");
  return build(
    "vega-datasets/penguins.json",
    sha256,
    [
      "flipper_length_mm",
      "beak_depth_mm",
      "beak_length_mm",
      "is_male",
      "is_gentoo",
      "is_chinstrap",
    ],
    "body_mass_g",
    rows.map((r) => [
      num(r["Flipper Length (mm)"]),
      num(r["Beak Depth (mm)"]),
      num(r["Beak Length (mm)"]),
      r.Sex === "MALE" ? 1 : r.Sex === "FEMALE" ? 0 : null,
      r.Species === "Gentoo" ? 1 : 0,
      r.Species === "Chinstrap" ? 1 : 0,
      num(r["Body Mass (g)"]),
    ]),
  );
}

function weatherRows(
  pick: (r: Record<string, string>, doy: number) => (number | null)[],
) {
  const { rows, sha256 } = readCsv("seattle-weather.csv");
  return {
    sha256,
    rows: rows.map((r) => {
      const t = Date.parse(`${r.date}T00:00:00Z`);
      if (!Number.isFinite(t)) return [null];
      const doy = (t - Date.UTC(new Date(t).getUTCFullYear(), 0, 1)) / 864e5;
      return pick(r, doy);
    }),
  };
}

/** seattle-weather.csv: is the day's weather rain, from temperatures, wind and season? */
export function seattleRain(): DemoDataset {
  const { rows, sha256 } = weatherRows((r, doy) => [
    num(r.temp_max),
    num(r.temp_min),
    num(r.wind),
    ...cyclic(doy, 365.25),
    r.weather === "rain" ? 1 : 0,
  ]);
  return build(
    "vega-datasets/seattle-weather.csv",
    sha256,
    ["temp_max_c", "temp_min_c", "wind_ms", "season_sin", "season_cos"],
    "is_rain",
    rows,
    ["dry", "rain"],
  );
}

/** seattle-weather.csv: the day's highest temperature from its low, rain, wind and season. */
export function seattleTempMax(): DemoDataset {
  const { rows, sha256 } = weatherRows((r, doy) => [
    num(r.temp_min),
    ...cyclic(doy, 365.25),
    num(r.precipitation),
    num(r.wind),
    num(r.temp_max),
  ]);
  return build(
    "vega-datasets/seattle-weather.csv",
    sha256,
    ["temp_min_c", "season_sin", "season_cos", "precipitation_mm", "wind_ms"],
    "temp_max_c",
    rows,
  );
}

const log10 = (v: unknown) => {
  const n = num(v);
  return n !== null && n > 0 ? Math.log10(n) : null;
};

function movieRows(target: (r: Record<string, unknown>) => number | null) {
  const { rows, sha256 } = readJson("movies.json");
  return {
    sha256,
    rows: rows.map((r) => [
      log10(r["Production Budget"]),
      num(r["Rotten Tomatoes Rating"]),
      num(r["Running Time min"]),
      log10(r["IMDB Votes"]),
      target(r),
    ]),
  };
}

const MOVIE_FEATURES = [
  "log10_budget",
  "rotten_tomatoes",
  "running_time_min",
  "log10_imdb_votes",
];

/** movies.json: the IMDB rating from budget, critics' score, running time and votes. */
export function moviesImdbRating(): DemoDataset {
  const { rows, sha256 } = movieRows((r) => num(r["IMDB Rating"]));
  return build(
    "vega-datasets/movies.json",
    sha256,
    MOVIE_FEATURES,
    "imdb_rating",
    rows,
  );
}

/** movies.json: does the film gross at least twice its budget worldwide? */
export function moviesHit(): DemoDataset {
  const { rows, sha256 } = movieRows((r) => {
    const gross = num(r["Worldwide Gross"]);
    const budget = num(r["Production Budget"]);
    return gross === null || budget === null || budget <= 0
      ? null
      : gross >= 2 * budget
        ? 1
        : 0;
  });
  return build(
    "vega-datasets/movies.json",
    sha256,
    MOVIE_FEATURES,
    "is_hit",
    rows,
    ["flop", "hit"],
  );
}

/** gapminder.json: a country's life expectancy from fertility, population and year. */
export function gapminderLifeExpectancy(): DemoDataset {
  const { rows, sha256 } = readJson("gapminder.json");
  return build(
    "vega-datasets/gapminder.json",
    sha256,
    ["fertility", "year", "log10_pop"],
    "life_expect",
    rows.map((r) => [
      num(r.fertility),
      num(r.year),
      log10(r.pop),
      num(r.life_expect),
    ]),
  );
}
