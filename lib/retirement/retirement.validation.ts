import { z } from "zod";
import { RETIREMENT_CATEGORIES } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";

/** A day in ms: sunset dates, retention and notice thresholds all count in days. */
export const DAY = 86_400_000;

/** A date (`2027-03-31`, the start of that day in UTC) or a full ISO timestamp, as epoch ms. */
const sunsetDate = z
  .string({ error: "sunset_date is required (YYYY-MM-DD)" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, {
    message: "sunset_date must be a date such as 2027-03-31",
  })
  .transform((s, ctx) => {
    const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({
        code: "custom",
        message: "sunset_date is not a real date",
      });
      return z.NEVER;
    }
    return ms;
  })
  .refine((ms) => ms >= Math.floor(clockNow() / DAY) * DAY, {
    message: "sunset_date must be today or later (an admin can retire at once)",
  })
  .refine((ms) => ms <= clockNow() + 10 * 365 * DAY, {
    message: "sunset_date must be within ten years",
  });

const versionNumber = z.union(
  [z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)],
  { error: "replacement_version must be a version number" },
);

const replacementFields = {
  replacement_model: z.string().trim().min(1).max(256).optional(),
  replacement_version: versionNumber.optional(),
};

export const retirementRequestSchema = z
  .object({
    category: z.enum(RETIREMENT_CATEGORIES, {
      message: `category must be one of ${RETIREMENT_CATEGORIES.join(", ")}`,
    }),
    reason: z
      .string({ error: "reason is required" })
      .trim()
      .min(10, { message: "Write a reason of at least 10 characters" })
      .max(10_000),
    ...replacementFields,
    sunset_date: sunsetDate,
    retention_days: z.coerce
      .number({ message: "retention_days must be a number of days" })
      .int({ message: "retention_days must be whole days" })
      .min(0, { message: "retention_days must be 0 or more" })
      .max(3650, { message: "retention_days must be at most 3650" })
      .optional(),
  })
  .refine(
    (d) =>
      d.category !== "replaced" ||
      d.replacement_model !== undefined ||
      d.replacement_version !== undefined,
    {
      message:
        "A model retired as replaced needs its replacement (replacement_model and/or replacement_version)",
      path: ["replacement_version"],
    },
  );
export type RetirementRequestInput = z.input<typeof retirementRequestSchema>;

/** An admin's immediate retirement: a reason is required; the rest is optional. */
export const retireNowSchema = z.object({
  category: z
    .enum(RETIREMENT_CATEGORIES, {
      message: `category must be one of ${RETIREMENT_CATEGORIES.join(", ")}`,
    })
    .default("no_longer_needed"),
  reason: z
    .string({ error: "An immediate retirement needs a written reason" })
    .trim()
    .min(10, { message: "Write a reason of at least 10 characters" })
    .max(10_000),
  ...replacementFields,
  retention_days: retirementRequestSchema.shape.retention_days,
});
export type RetireNowInput = z.input<typeof retireNowSchema>;

export const restoreSchema = z.object({
  reason: z
    .string({ error: "A restore needs a written reason" })
    .trim()
    .min(10, { message: "Write a reason of at least 10 characters" })
    .max(10_000),
});

/** The sunset date the request form proposes: 30 days from today. */
export function defaultSunsetDate(now = clockNow()): string {
  return new Date(now + 30 * DAY).toISOString().slice(0, 10);
}

/** Scheduled sunsets laid out for the Retirements page: a strip from today and a list per month. */
export function sunsetTimeline<T extends { sunset_at: number }>(
  items: T[],
  now = clockNow(),
): {
  start: number;
  span: number;
  months: { month: string; items: { r: T; days: number; at: number }[] }[];
} {
  const sorted = [...items].sort((a, b) => a.sunset_at - b.sunset_at);
  const start = Math.floor(now / DAY) * DAY;
  const span = Math.max(
    90 * DAY,
    (sorted.at(-1)?.sunset_at ?? start) - start + 7 * DAY,
  );
  const months = new Map<string, { r: T; days: number; at: number }[]>();
  for (const r of sorted) {
    const month = new Date(r.sunset_at).toLocaleDateString("en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });
    months.set(month, [
      ...(months.get(month) ?? []),
      {
        r,
        days: Math.ceil((r.sunset_at - now) / DAY),
        at: Math.min(100, Math.max(0, ((r.sunset_at - start) / span) * 100)),
      },
    ]);
  }
  return {
    start,
    span,
    months: [...months.entries()].map(([month, list]) => ({
      month,
      items: list,
    })),
  };
}
