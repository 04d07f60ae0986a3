import { describe, expect, it } from "vitest";
import { logEvaluation } from "@/lib/evaluation/evaluations";
import { setPolicy } from "@/lib/lifecycle/policies";
import { approveRequest } from "@/lib/lifecycle/decisions";
import { requestTransition } from "@/lib/lifecycle/requests";
import { createModel } from "@/lib/registry/models";
import { createVersion } from "@/lib/registry/versions";
import { makeUser } from "@/lib/testing/factories";
import { cardMarkdown, getModelCard, updateModelCard } from "./model-card";

describe("model card", () => {
  it("is pre-filled from the registry, exports markdown, and gates promotion until written", async () => {
    const ds = await makeUser("data_scientist");
    const reviewer = await makeUser("reviewer");
    const admin = await makeUser("admin");
    createModel(ds, { name: "carded", task: "classification" });
    createVersion(ds, "carded", { lineage: { dataset_name: "credit-2025" } });
    await logEvaluation(ds, "carded", 1, {
      dataset: "holdout",
      y_true: [0, 1, 0, 1],
      y_score: [0.1, 0.8, 0.6, 0.7],
      groups: { sex: ["f", "m", "m", "f"] },
    });
    const card = getModelCard(ds, "carded");
    expect(card.complete).toBe(false);
    expect(
      card.sections.find((s) => s.key === "training_data")?.generated,
    ).toBe("credit-2025");
    expect(
      card.sections.find((s) => s.key === "quantitative_analyses")?.generated,
    ).toContain("disparate impact");
    // GFM tables, numbers right-aligned, so the card renders them as tables (components/markdown.tsx).
    expect(
      card.sections.find((s) => s.key === "quantitative_analyses")?.generated,
    ).toContain(
      "| attribute | group | count | selection rate | TPR | FPR |\n| --- | --- | ---: | ---: | ---: | ---: |\n| sex | f | 2 |",
    );

    setPolicy(admin, {
      model: "carded",
      stage: "staging",
      required_approvals: 1,
      gates: ["model card complete"],
    });
    const req = requestTransition(ds, "carded", 1, { to_stage: "staging" });
    expect(() => approveRequest(reviewer, req.id)).toThrow(
      /model card complete/,
    );
    expect(() =>
      updateModelCard(reviewer, "carded", { intended_use: "x" }),
    ).toThrow(expect.objectContaining({ code: "forbidden" }));
    expect(() => updateModelCard(ds, "carded", { bogus: "x" })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
    updateModelCard(ds, "carded", {
      intended_use: "Credit decisions",
      out_of_scope: "Employment",
      factors: "Sex, age",
      ethical_considerations: "Reviewed",
      caveats: "Retrain yearly",
    });
    expect(getModelCard(ds, "carded").complete).toBe(true);
    expect(approveRequest(reviewer, req.id).status).toBe("applied");
    expect(cardMarkdown(getModelCard(ds, "carded"))).toContain(
      "## Intended use\n\nCredit decisions",
    );
  });
});
