// Model cards (Mitchell et al., 2019): sections filled from registry data where Stageline knows the
// answer, and markdown written by the owner where only people do. Exportable as markdown.
import "server-only";
import { inModelWrite } from "@/lib/registry/model-write";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db, type Tx } from "@/db/client";
import { modelCards } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { assertCan } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/errors";
import { emit } from "@/lib/events/dispatch";
import { listEvaluations } from "@/lib/evaluation/queries";
import { loadModel } from "@/lib/registry/load";
import {
  getModelDetail,
  getVersion,
  listVersions,
} from "@/lib/registry/queries";
import { now as clockNow } from "@/lib/clock";

export const CARD_SECTIONS = [
  ["details", "Model details"],
  ["intended_use", "Intended use"],
  ["out_of_scope", "Out-of-scope use"],
  ["factors", "Factors"],
  ["metrics", "Metrics"],
  ["evaluation_data", "Evaluation data"],
  ["training_data", "Training data"],
  ["quantitative_analyses", "Quantitative analyses"],
  ["ethical_considerations", "Ethical considerations"],
  ["caveats", "Caveats and recommendations"],
] as const;
export type SectionKey = (typeof CARD_SECTIONS)[number][0];

/** Sections only people can write; the card is complete when each of these has text. */
export const WRITTEN_SECTIONS: SectionKey[] = [
  "intended_use",
  "out_of_scope",
  "factors",
  "ethical_considerations",
  "caveats",
];

export type ModelCard = {
  model: string;
  complete: boolean;
  missing: string[];
  sections: {
    key: SectionKey;
    title: string;
    generated: string | null;
    text: string;
  }[];
};

export const sectionsSchema = z.partialRecord(
  z.enum(CARD_SECTIONS.map(([k]) => k) as [SectionKey, ...SectionKey[]], {
    message: "unknown section",
  }),
  z.string().max(50_000, { message: "at most 50,000 characters per section" }),
);

export function getModelCard(actor: Actor, modelName: string): ModelCard {
  const model = getModelDetail(actor, modelName);
  const db = getDb();
  const written = readSections(db, loadModel(db, modelName).id);
  const versions = listVersions(actor, modelName, { limit: 200 }).items;
  const subject = model.production_version ?? model.latest_version;
  const v =
    subject !== null ? getVersion(actor, modelName, String(subject)) : null;
  const evals = v ? listEvaluations(actor, modelName, String(v.version)) : [];
  const attributes = [
    ...new Set(evals.flatMap((e) => e.slices.map((s) => s.attribute))),
  ];
  const generated: Partial<Record<SectionKey, string>> = {
    details: [
      `- Name: ${model.name}`,
      `- Owner: ${model.owner ? `${model.owner.name} <${model.owner.email}>` : "—"}`,
      `- Task: ${model.task}`,
      `- Versions: ${versions.length} (latest v${model.latest_version ?? "—"}, production ${model.production_version ? `v${model.production_version}` : "none"})`,
      v
        ? `- Framework: ${v.framework ?? "—"}${v.flavor ? ` (${v.flavor})` : ""}`
        : null,
      v?.lineage.git_commit
        ? `- Source commit: ${v.lineage.git_commit}${v.lineage.git_repo ? ` in ${v.lineage.git_repo}` : ""}`
        : null,
      model.use_case ? `- Use case: ${model.use_case}` : null,
    ]
      .filter(Boolean)
      .join("\n"),
    factors: attributes.length
      ? `Groups evaluated: ${attributes.join(", ")}.`
      : undefined,
    metrics:
      v && Object.keys(v.metrics).length
        ? `Version ${v.version}:\n\n${table(
            ["metric", "value"],
            Object.entries(v.metrics)
              .sort()
              .map(([k, x]) => [k, x.toFixed(4)]),
          )}`
        : undefined,
    evaluation_data: evals.length
      ? evals
          .map(
            (e) =>
              `- ${e.dataset} (${e.split}${e.rows ? `, ${e.rows} rows` : ""})`,
          )
          .join("\n")
      : undefined,
    training_data: v?.lineage.dataset_name
      ? `${v.lineage.dataset_name}${v.lineage.dataset_version ? ` (${v.lineage.dataset_version})` : ""}`
      : undefined,
    quantitative_analyses: evals[0]?.slices.length
      ? `${table(
          ["attribute", "group", "count", "selection rate", "TPR", "FPR"],
          (evals[0]?.slices ?? []).map((s) => [
            s.attribute,
            s.group,
            String(s.count),
            s.selection_rate.toFixed(3),
            s.tpr?.toFixed(3) ?? "—",
            s.fpr?.toFixed(3) ?? "—",
          ]),
        )}\n\n${(evals[0]?.fairness ?? []).map((f) => `- ${f.attribute}: disparate impact ${f.disparate_impact.toFixed(3)} (${f.passes_80_percent_rule ? "passes" : "fails"} the 80% rule), equalized-odds difference ${f.equalized_odds_difference.toFixed(3)}`).join("\n")}`
      : undefined,
  };
  const missing = WRITTEN_SECTIONS.filter(
    (k) => !(written[k] ?? "").trim(),
  ).map((k) => titleOf(k));
  return {
    model: model.name,
    complete: missing.length === 0,
    missing,
    sections: CARD_SECTIONS.map(([key, title]) => ({
      key,
      title,
      generated: generated[key] ?? null,
      text: written[key] ?? "",
    })),
  };
}

export function updateModelCard(
  actor: Actor,
  modelName: string,
  input: unknown,
): void {
  assertCan(actor, "models.update");
  inModelWrite(
    actor,
    "models.update",
    modelName,
    (tx, model, { actingAsAdmin }) => {
      const sections = parseInput(sectionsSchema, input, "sections");
      const before = readSections(tx, model.id);
      const next = { ...before, ...sections };
      tx.insert(modelCards)
        .values({
          modelId: model.id,
          sections: JSON.stringify(next),
          updatedBy: actor.id,
          updatedAt: clockNow(),
        })
        .onConflictDoUpdate({
          target: modelCards.modelId,
          set: {
            sections: JSON.stringify(next),
            updatedBy: actor.id,
            updatedAt: clockNow(),
          },
        })
        .run();
      const changed = Object.keys(sections).filter(
        (k) => before[k as SectionKey] !== sections[k as SectionKey],
      );
      emit(tx, actor, {
        action: "model_card.updated",
        entityType: "model",
        entityId: model.id,
        after: { sections: changed },
        actingAsAdmin,
      });
    },
  );
}

/** For the `model card complete` gate. */
export function isCardComplete(db: Db | Tx, modelId: number): boolean {
  const written = readSections(db, modelId);
  return WRITTEN_SECTIONS.every((k) => (written[k] ?? "").trim().length > 0);
}

export function cardMarkdown(card: ModelCard): string {
  const parts = [`# Model card: ${card.model}`, ""];
  for (const s of card.sections) {
    parts.push(`## ${s.title}`, "");
    if (s.generated) parts.push(s.generated, "");
    if (s.text.trim()) parts.push(s.text.trim(), "");
    if (!s.generated && !s.text.trim()) parts.push("_Not written yet._", "");
  }
  return parts.join("\n");
}

function readSections(
  db: Db | Tx,
  modelId: number,
): Partial<Record<SectionKey, string>> {
  const row = db
    .select()
    .from(modelCards)
    .where(eq(modelCards.modelId, modelId))
    .get();
  return row
    ? (JSON.parse(row.sections) as Partial<Record<SectionKey, string>>)
    : {};
}

/**
 * A GFM table. Columns whose cells are all numbers (or "—") are right-aligned, so decimals line up
 * on the page and in the exported Markdown; a `|` or line break in a value (a group name comes from
 * the logged data) would end its cell early, so it is escaped.
 */
function table(head: string[], rows: string[][]): string {
  const numeric = head.map((_, i) =>
    rows.every((r) => /^(-?\d+(\.\d+)?|—)$/.test(r[i] ?? "")),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c) => c.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ")).join(" | ")} |`;
  return [
    line(head),
    `| ${numeric.map((n) => (n ? "---:" : "---")).join(" | ")} |`,
    ...rows.map(line),
  ].join("\n");
}

function titleOf(key: SectionKey): string {
  return CARD_SECTIONS.find(([k]) => k === key)?.[1] ?? key;
}
