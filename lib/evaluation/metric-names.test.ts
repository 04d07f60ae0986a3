import { describe, expect, it } from "vitest";
import { metricLabel } from "./metric-names";

describe("metric names", () => {
  it("names the common metrics as people say them", () => {
    expect(metricLabel("auc")).toBe("ROC AUC");
    expect(metricLabel("mae")).toBe("Mean absolute error");
    expect(metricLabel("R2")).toBe("R²");
  });
  it("reads any other key with spaces, never as snake_case", () => {
    expect(metricLabel("val_top_5_accuracy")).toBe("Val top 5 accuracy");
    expect(metricLabel("eval.loss")).toBe("Eval loss");
  });
});
