// The demo's six months of history, as data: a dozen models of three teams (a `team` tag, as the
// dashboard's team filter reads it), the variants each is trained in, and what happened to each
// version and when (days before first start). lib/demo/models.ts replays it in time order through
// the real services with the clock set to each step (lib/clock.ts), so lead times, review waits,
// promotions per week and the audit trail read like a team's half year. Pure: the seed test checks
// its shape without a database.
import type { Dataset } from "@/lib/ml/datasets";
import { carsMpg, penguinsSex } from "@/lib/ml/datasets";
import {
  carsOrigin,
  flightDelayed,
  flightDelayMinutes,
  gapminderLifeExpectancy,
  moviesHit,
  moviesImdbRating,
  penguinsBodyMass,
  seattleRain,
  seattleTempMax,
  type DemoDataset,
} from "./datasets";
import { CARS, PENGUINS, type Task, type Variant } from "./training";

export const TEAMS = ["mobility", "ecology", "insights"] as const;
export type Team = (typeof TEAMS)[number];

/** When, as days before the first start and a UTC hour of that day (fractions are minutes). */
export type When = [daysAgo: number, hour: number];

export type Action =
  | { at: When; do: "version"; comment?: string }
  /** A request, then a reviewer's approval `waits[0]` hours later (and a second one `waits[1]` later for production). */
  | {
      at: When;
      do: "promote";
      version: number;
      to: "staging" | "production";
      comment: string;
      waits: number[];
      /** Stop the deployment of the version it replaces and deploy this one, `deployAfter` hours after approval. */
      deploy?: boolean;
    }
  | {
      at: When;
      do: "reject";
      version: number;
      to: "staging" | "production";
      comment: string;
      wait: number;
      reason: string;
    }
  /** Left open for the reviewers of today. */
  | {
      at: When;
      do: "request";
      version: number;
      to: "staging" | "production";
      comment: string;
    }
  | { at: When; do: "rollback"; comment: string; waits: number[] }
  | {
      at: When;
      do: "retire";
      category: "replaced" | "underperforming" | "no_longer_needed";
      reason: string;
      /** The sunset, in days after the first start: ahead of today. */
      sunsetInDays: number;
      wait: number;
    }
  | {
      at: When;
      do: "retire-now";
      reason: string;
      replacement: { model: string; version: number };
    }
  /** An alert rule on the deployment of the model's production version. */
  | { at: When; do: "alert-rule"; name: string; runbook: string };

export type DemoModel = {
  name: string;
  team: Team;
  task: Task;
  keyMetric: string;
  useCase: string;
  data: () => DemoDataset | Dataset;
  variants: Variant[];
  /** The production policy set by the admin when the model is registered (else the built-in one). */
  policy?: string[];
  plan: Action[];
  /** Served on its production deployment in the days before the first start (lib/demo/traffic.ts). */
  traffic?: boolean;
  /** A drift episode in its traffic: rows from this slice of the data, between these times. */
  drift?: { from: When; to: When; feature: string; above: number };
};

const v = (features: string[], l2: number, description: string): Variant => ({
  features,
  l2,
  description,
});

const PROD = "production" as const;
const STAGING = "staging" as const;

/** Everything the demo registers, oldest first within each team. */
export const DEMO_MODELS: DemoModel[] = [
  {
    name: "cars-mpg",
    team: "mobility",
    task: "regression",
    keyMetric: "rmse",
    useCase:
      "Predicts a car's fuel economy (miles per gallon) from its specifications.",
    data: carsMpg,
    variants: CARS,
    policy: ["rmse <= 5", "beats production on rmse"],
    plan: [
      { at: [171, 9.2], do: "version" },
      {
        at: [170, 10],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "First model for this use case.",
        waits: [6.5, 18],
      },
      { at: [118, 14], do: "version" },
      { at: [41, 10.3], do: "version" },
      {
        at: [39, 11],
        do: "promote",
        version: 3,
        to: PROD,
        comment: "Uses every feature; better on the held-out split.",
        waits: [22.7, 29.5],
        deploy: true,
      },
      {
        at: [30, 10],
        do: "promote",
        version: 2,
        to: STAGING,
        comment: "Smaller feature set for a cheaper endpoint.",
        waits: [4],
      },
      {
        at: [2, 11.5],
        do: "request",
        version: 2,
        to: PROD,
        comment: "Two features only: cheaper to serve. Worth the error?",
      },
    ],
  },
  {
    name: "cars-origin",
    team: "mobility",
    task: "classification",
    keyMetric: "auc",
    useCase:
      "Flags whether a car was built in the USA from its specifications, for the import-duty estimate.",
    data: carsOrigin,
    variants: [
      v(["weight", "displacement"], 0.1, "Baseline: weight and displacement."),
      v(
        ["weight", "displacement", "horsepower", "cylinders", "acceleration"],
        1,
        "All five specifications, L2 penalty 1.",
      ),
    ],
    plan: [
      { at: [150, 13], do: "version" },
      {
        at: [148, 9.5],
        do: "promote",
        version: 1,
        to: STAGING,
        comment: "For the duty team to try on this quarter's imports.",
        waits: [3],
      },
      {
        at: [146, 10],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "The duty team signed off on the trial.",
        waits: [5, 20],
        deploy: true,
      },
      { at: [120, 15], do: "version" },
      {
        at: [119, 9],
        do: "promote",
        version: 2,
        to: PROD,
        comment: "All specifications: fewer European cars flagged as American.",
        waits: [2.5, 24],
        deploy: true,
      },
      {
        at: [12, 10],
        do: "retire",
        category: "no_longer_needed",
        reason:
          "The duty estimate now reads the origin from the VIN decoder, so nothing needs a guess from the specifications. Callers have a month to move.",
        sunsetInDays: 30,
        wait: 26,
      },
    ],
  },
  {
    name: "flight-delay",
    team: "mobility",
    task: "classification",
    keyMetric: "auc",
    useCase:
      "Estimates the chance that a flight arrives more than 15 minutes late, for the connection planner.",
    data: flightDelayed,
    variants: [
      v(["dep_hour"], 0.1, "Baseline: the scheduled departure hour alone."),
      v(["dep_hour", "distance_mi"], 0.1, "Adds the flight's distance."),
      v(
        ["distance_mi", "dep_hour", "is_weekend", "hour_sin", "hour_cos"],
        1,
        "Distance, weekend and the hour as a daily cycle, L2 penalty 1.",
      ),
    ],
    traffic: true,
    drift: { from: [2, 6], to: [2, 19], feature: "distance_mi", above: 1400 },
    plan: [
      { at: [140, 10], do: "version" },
      {
        at: [138, 14],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "Replaces the fixed 20% the planner assumes today.",
        waits: [19, 27],
        deploy: true,
      },
      { at: [84, 11], do: "version" },
      {
        at: [82, 10],
        do: "promote",
        version: 2,
        to: STAGING,
        comment: "Shadow traffic from the planner for a week.",
        waits: [1.5],
      },
      {
        at: [80, 9],
        do: "promote",
        version: 2,
        to: PROD,
        comment: "Shadow week matched the holdout.",
        waits: [8, 30],
        deploy: true,
      },
      { at: [22, 16], do: "version" },
      {
        at: [20, 10],
        do: "promote",
        version: 3,
        to: STAGING,
        comment: "The daily cycle of the hour, not a straight line.",
        waits: [2],
      },
      {
        at: [18, 9.5],
        do: "promote",
        version: 3,
        to: PROD,
        comment: "Staging matched the holdout for two days.",
        waits: [6, 23],
        deploy: true,
      },
      {
        at: [17, 14],
        do: "alert-rule",
        name: "flight-delay inputs drifting",
        runbook: "https://wiki.example.com/runbooks/flight-delay-drift",
      },
    ],
  },
  {
    name: "flight-delay-minutes",
    team: "mobility",
    task: "regression",
    keyMetric: "mae",
    useCase:
      "Predicts the arrival delay in minutes, for the gate-planning screen.",
    data: flightDelayMinutes,
    variants: [
      v(["dep_hour", "distance_mi"], 0, "Baseline: hour and distance."),
      v(
        ["distance_mi", "dep_hour", "is_weekend", "hour_sin", "hour_cos"],
        1,
        "Weekend and the hour as a daily cycle, ridge penalty 1.",
      ),
    ],
    plan: [
      { at: [100, 11], do: "version" },
      {
        at: [98, 10],
        do: "promote",
        version: 1,
        to: STAGING,
        comment: "For the gate planners to compare with their own guess.",
        waits: [5],
      },
      { at: [60, 15], do: "version" },
      {
        at: [58, 10],
        do: "promote",
        version: 2,
        to: STAGING,
        comment: "Daily cycle of the hour.",
        waits: [3],
      },
      {
        at: [55, 9],
        do: "reject",
        version: 2,
        to: PROD,
        comment: "Ready for the gate-planning screen?",
        wait: 26,
        reason:
          "A mean error of over 20 minutes is no better than the schedule's own padding. A linear model of hour and distance cannot see weather or congestion: come back with those.",
      },
    ],
  },
  {
    name: "penguins-sex",
    team: "ecology",
    task: "classification",
    keyMetric: "auc",
    useCase:
      "Predicts whether a penguin is male from beak, flipper and body measurements (Palmer penguins).",
    data: penguinsSex,
    variants: PENGUINS,
    policy: ["auc >= 0.75", "beats production on auc"],
    plan: [
      { at: [165, 10], do: "version" },
      {
        at: [163, 9],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "First model for this use case.",
        waits: [5, 23],
      },
      { at: [96, 13.5], do: "version" },
      { at: [33, 11], do: "version" },
      {
        at: [31, 10],
        do: "promote",
        version: 3,
        to: PROD,
        comment: "Uses every measurement and the species.",
        waits: [20, 26],
        deploy: true,
      },
      {
        at: [26, 14],
        do: "promote",
        version: 2,
        to: STAGING,
        comment: "Two measurements only, for the field tablets.",
        waits: [2],
      },
    ],
  },
  {
    name: "penguins-body-mass",
    team: "ecology",
    task: "regression",
    keyMetric: "rmse",
    useCase:
      "Estimates a penguin's body mass from its measurements when the scale is broken in the field.",
    data: penguinsBodyMass,
    variants: [
      v(["flipper_length_mm"], 0, "Baseline: flipper length alone."),
      v(
        ["flipper_length_mm", "beak_depth_mm", "is_male"],
        0,
        "Adds beak depth and sex.",
      ),
      v(
        [
          "flipper_length_mm",
          "beak_depth_mm",
          "beak_length_mm",
          "is_male",
          "is_gentoo",
          "is_chinstrap",
        ],
        1,
        "Every measurement, sex and species, ridge penalty 1.",
      ),
    ],

    traffic: true,
    plan: [
      { at: [130, 10], do: "version" },
      {
        at: [128, 11],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "Field teams asked for this before the season.",
        waits: [4, 21],
        deploy: true,
      },
      { at: [70, 14], do: "version" },
      {
        at: [68, 9],
        do: "promote",
        version: 2,
        to: PROD,
        comment: "Sex matters more than beak size: 100 g better.",
        waits: [26, 49],
        deploy: true,
      },
      { at: [45, 16], do: "version" },
      {
        at: [43, 10],
        do: "promote",
        version: 3,
        to: STAGING,
        comment: "Species indicators; trying it against v2 on new colonies.",
        waits: [6],
      },
    ],
  },
  {
    name: "seattle-rain",
    team: "ecology",
    task: "classification",
    keyMetric: "auc",
    useCase:
      "The chance of a rainy day in Seattle from the forecast temperatures and wind, for the field schedule.",
    data: seattleRain,
    variants: [
      v(["temp_max_c", "temp_min_c"], 0.1, "Baseline: the day's temperatures."),
      v(["temp_max_c", "temp_min_c", "wind_ms"], 0.1, "Adds wind speed."),
      v(
        ["temp_max_c", "temp_min_c", "wind_ms", "season_sin", "season_cos"],
        1,
        "Adds the season as a yearly cycle, L2 penalty 1.",
      ),
    ],
    traffic: true,
    plan: [
      { at: [155, 9], do: "version" },
      {
        at: [152, 10],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "Better than the coin the field team flips today.",
        waits: [3, 25],
        deploy: true,
      },
      { at: [90, 11], do: "version" },
      {
        at: [88, 9],
        do: "promote",
        version: 2,
        to: PROD,
        comment: "Wind helps on the autumn days.",
        waits: [7, 22],
        deploy: true,
      },
      { at: [15, 10], do: "version" },
      {
        at: [13, 9],
        do: "promote",
        version: 3,
        to: PROD,
        comment: "The season as a cycle: best AUC so far on the holdout.",
        waits: [5, 24],
        deploy: true,
      },
      {
        at: [8, 9],
        do: "rollback",
        comment:
          "v3 calls rain on most dry winter days since it went live (the season terms overfit three years of data). Back to v2 while we look.",
        waits: [1.5, 2.2],
      },
    ],
  },
  {
    name: "seattle-temp-max",
    team: "ecology",
    task: "regression",
    keyMetric: "mae",
    useCase:
      "Tomorrow's highest temperature from the overnight low, rain, wind and season, for the greenhouse vents.",
    data: seattleTempMax,
    variants: [
      v(["temp_min_c"], 0, "Baseline: the overnight low alone."),
      v(
        ["temp_min_c", "season_sin", "season_cos", "wind_ms"],
        0.5,
        "Season and wind, ridge penalty 0.5.",
      ),
    ],
    traffic: true,
    plan: [
      { at: [110, 10], do: "version" },
      {
        at: [108, 13],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "The vents follow a fixed schedule today.",
        waits: [2, 20],
        deploy: true,
      },
      { at: [50, 15], do: "version" },
      {
        at: [48, 10],
        do: "promote",
        version: 2,
        to: PROD,
        comment:
          "A degree better on the holdout; rainy days no longer too warm.",
        waits: [4, 18.5],
        deploy: true,
      },
    ],
  },
  {
    name: "movies-rating-legacy",
    team: "insights",
    task: "regression",
    keyMetric: "rmse",
    useCase:
      "The first IMDB rating estimate for the catalogue, from the budget alone. Replaced by movies-imdb-rating.",
    data: moviesImdbRating,
    variants: [
      v(["log10_budget"], 0, "Budget alone (log10 dollars)."),
      v(["log10_budget", "running_time_min"], 0, "Adds the running time."),
    ],
    plan: [
      { at: [178, 10], do: "version" },
      { at: [176, 15], do: "version" },
      {
        at: [175, 10],
        do: "promote",
        version: 2,
        to: PROD,
        comment:
          "The catalogue needs a number before the critics' scores arrive.",
        waits: [3, 22],
        deploy: true,
      },
      {
        at: [60, 11],
        do: "retire-now",
        reason:
          "Every caller moved to movies-imdb-rating in the spring; the budget-only estimate misleads the catalogue.",
        replacement: { model: "movies-imdb-rating", version: 1 },
      },
    ],
  },
  {
    name: "movies-imdb-rating",
    team: "insights",
    task: "regression",
    keyMetric: "rmse",
    useCase:
      "Estimates a film's IMDB rating from its budget, the critics' score, running time and votes, for the catalogue.",
    data: moviesImdbRating,
    variants: [
      v(
        ["log10_budget", "rotten_tomatoes"],
        0,
        "Budget and the critics' score.",
      ),
      v(
        ["log10_budget", "rotten_tomatoes", "running_time_min"],
        0,
        "Adds running time.",
      ),
      v(
        [
          "log10_budget",
          "rotten_tomatoes",
          "running_time_min",
          "log10_imdb_votes",
        ],
        1,
        "Adds the number of votes (log10), ridge penalty 1.",
      ),
    ],
    traffic: true,
    plan: [
      { at: [160, 10], do: "version" },
      {
        at: [158, 9],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "The critics' score makes the legacy estimate obsolete.",
        waits: [6, 27],
        deploy: true,
      },
      { at: [75, 13], do: "version" },
      {
        at: [73, 10],
        do: "promote",
        version: 2,
        to: STAGING,
        comment: "Running time: a small gain, worth a look.",
        waits: [2],
      },
      { at: [25, 11], do: "version" },
      {
        at: [23, 10],
        do: "promote",
        version: 3,
        to: PROD,
        comment: "Votes carry most of the signal the critics miss.",
        waits: [3.5, 22],
        deploy: true,
      },
    ],
  },
  {
    name: "movies-hit",
    team: "insights",
    task: "classification",
    keyMetric: "auc",
    useCase:
      "The chance that a film grosses twice its budget worldwide, for the acquisitions shortlist.",
    data: moviesHit,
    variants: [
      v(
        ["log10_budget", "rotten_tomatoes"],
        0.1,
        "Budget and the critics' score.",
      ),
      v(
        [
          "log10_budget",
          "rotten_tomatoes",
          "running_time_min",
          "log10_imdb_votes",
        ],
        1,
        "Adds running time and IMDB votes, L2 penalty 1.",
      ),
    ],
    traffic: false,
    plan: [
      { at: [125, 10], do: "version" },
      {
        at: [123, 14],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "For the acquisitions shortlist.",
        waits: [18, 21],
        deploy: true,
      },
      { at: [35, 11], do: "version" },
      {
        at: [33, 10],
        do: "reject",
        version: 2,
        to: PROD,
        comment: "Higher AUC on the holdout.",
        wait: 28,
        reason:
          "It reads the IMDB vote count, which a film only has after release: the shortlist scores films before it. Drop that feature and ask again.",
      },
    ],
  },
  {
    name: "gapminder-life-expectancy",
    team: "insights",
    task: "regression",
    keyMetric: "rmse",
    useCase:
      "A country's life expectancy from fertility, population and year, for the public-health briefing.",
    data: gapminderLifeExpectancy,
    variants: [
      v(["fertility"], 0, "Baseline: fertility alone."),
      v(["fertility", "year"], 0, "Adds the year."),
      v(
        ["fertility", "year", "log10_pop"],
        1,
        "Adds population (log10), ridge penalty 1.",
      ),
    ],

    traffic: true,
    plan: [
      { at: [135, 10], do: "version" },
      {
        at: [133, 11],
        do: "promote",
        version: 1,
        to: PROD,
        comment: "For the quarterly briefing.",
        waits: [5, 26],
        deploy: true,
      },
      { at: [65, 14], do: "version" },
      {
        at: [63, 9],
        do: "promote",
        version: 2,
        to: PROD,
        comment: "The year explains what fertility alone cannot.",
        waits: [3, 6],
        deploy: true,
      },
      { at: [10, 15], do: "version" },
      {
        at: [8, 10],
        do: "promote",
        version: 3,
        to: STAGING,
        comment:
          "Population adds little; staging to see it on this year's data.",
        waits: [1],
      },
    ],
  },
];

/** Days of monitoring traffic before the first start, a round every hour. */
export const TRAFFIC_DAYS = 3;
export const TRAFFIC_STEP_MS = 60 * 60_000;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The epoch ms of `when`, counted from the UTC midnight before `start`. */
export function timeOf(when: When, start: number): number {
  const midnight = Math.floor(start / DAY) * DAY;
  return midnight - when[0] * DAY + Math.round(when[1] * HOUR);
}

export const HOURS = HOUR;
export const DAYS = DAY;
