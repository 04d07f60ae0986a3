import AxeBuilder from "@axe-core/playwright";
import {
  expect,
  test,
  type APIRequestContext,
  type Page,
} from "@playwright/test";
import { pageAs } from "./accounts";
import { apiAs } from "./api";

// A reviewer's day in the inbox (the key metric and gates first, a comment with the decision, the
// j/k/a/r keys) and an admin's policy forms (approvers by name, a model from a list, hints that
// are not values, a bad input that changes nothing).

const enc = encodeURIComponent;

/** Serious or critical axe findings on the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join(", ")})`,
    );
}

/** How far the page is wider than its window (0 when nothing scrolls sideways). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - innerWidth);

/** A model whose key metric is accuracy, with v1 in production and v2 better on it, a one-approval
 *  policy for `stage` with a gate that v2 passes, and v2's request to `stage` (its id). */
async function requestFor(
  ds: APIRequestContext,
  admin: APIRequestContext,
  name: string,
  stage: "production" | "staging",
): Promise<number> {
  expect(
    (
      await ds.post("/api/v1/models", {
        data: { name, key_metric: "accuracy" },
      })
    ).status(),
  ).toBe(201);
  for (const metrics of [
    { accuracy: 0.8, f1: 0.7, log_loss: 0.5 },
    { accuracy: 0.9, f1: 0.75, log_loss: 0.4 },
  ])
    await ds.post(`/api/v1/models/${enc(name)}/versions`, {
      data: { metrics },
    });
  expect(
    (
      await admin.post(`/api/v1/models/${enc(name)}/versions/1/override`, {
        data: { to_stage: "production", reason: "baseline for the review e2e" },
      })
    ).status(),
  ).toBe(201);
  expect(
    (
      await admin.put("/api/v1/policies", {
        data: {
          model: name,
          stage,
          required_approvals: 1,
          gates: ["accuracy >= 0.85"],
        },
      })
    ).status(),
  ).toBe(200);
  const res = await ds.post(
    `/api/v1/models/${enc(name)}/versions/2/transition-requests`,
    { data: { to_stage: stage, comment: "better accuracy" } },
  );
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

test("a reviewer reads the key metric and gates first, approves with a comment, and finds the comment in the version's history", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const name = `review-comment-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const admin = await apiAs("admin", baseURL ?? "");
  const id = await requestFor(ds, admin, name, "production");

  const { context, page } = await pageAs(browser, "reviewer");
  // The reviewer's notification leads to this request's card in the inbox, focused.
  await page.goto("/notifications");
  await page
    .getByRole("link", { name: new RegExp(`${name} v2`) })
    .first()
    .click();
  await expect(page).toHaveURL(new RegExp(`/reviews#request-${id}$`));
  const card = page.getByTestId(`request-${id}`);
  await expect(card).toBeFocused();
  await expect(card.getByTestId("key-metric")).toContainText(
    /Accuracy.*0\.9.*vs 0\.8.*production v1.*better/s,
  );
  await expect(card.getByRole("list", { name: "Gates" })).toContainText(
    "accuracy >= 0.85 passes",
  );
  // The other metrics wait behind the disclosure.
  const all = card.getByRole("table", { name: "Metrics against production" });
  await expect(all).toBeHidden();
  await card.getByText("All metrics (3)").click();
  await expect(all).toContainText("F1 score");

  await card.getByRole("button", { name: "Approve" }).click();
  const box = card.getByLabel("Comment (optional)");
  await expect(box).toBeFocused();
  await box.fill("Holdout accuracy checked against the drift report");
  await expect(await axeProblems(page)).toEqual([]);
  await card.getByRole("button", { name: "Confirm approval" }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByText(`${name} v2 is now in production`)).toBeVisible();

  await page.goto(`/models/${enc(name)}/versions/2`);
  await expect(page.getByRole("list", { name: "Activity" })).toContainText(
    `Riley Reviewer approved request #${id}: “Holdout accuracy checked against the drift report”`,
  );
  await context.close();
  await ds.dispose();
  await admin.dispose();
});

test("keyboard: j moves focus to the next card, a opens its comment box, Enter approves; letters typed in the box stay there", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const stamp = Date.now();
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const admin = await apiAs("admin", baseURL ?? "");
  // Made one after the other, so the newest-first inbox shows them next to each other.
  const older = await requestFor(ds, admin, `keys-a-${stamp}`, "staging");
  const newer = await requestFor(ds, admin, `keys-b-${stamp}`, "staging");

  const { context, page } = await pageAs(browser, "reviewer");
  await page.goto("/reviews");
  await expect(page.getByText("Keyboard:")).toContainText("a approve");
  const first = page.getByTestId(`request-${newer}`);
  const second = page.getByTestId(`request-${older}`);
  // The card's own text (not a link) picks it as the current card.
  await first.getByText(`#${newer} · requested by`).click();
  await expect(first).toBeFocused();
  await page.keyboard.press("j");
  await expect(second).toBeFocused();
  // Focus is drawn, not only moved.
  expect(
    await second.evaluate((e) => getComputedStyle(e).outlineStyle),
  ).not.toBe("none");
  await page.keyboard.press("k");
  await expect(first).toBeFocused();
  await page.keyboard.press("j");

  await page.keyboard.press("a");
  const box = second.getByLabel("Comment (optional)");
  await expect(box).toBeFocused();
  // While typing, j/k/a/r are letters of the comment, not shortcuts.
  await page.keyboard.type("just a quick read, ok");
  await expect(box).toHaveValue("just a quick read, ok");
  await expect(box).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(second).toHaveCount(0);
  await expect(first).toBeVisible();

  await page.goto(`/models/keys-a-${stamp}/versions/2`);
  await expect(page.getByRole("list", { name: "Activity" })).toContainText(
    `Riley Reviewer approved request #${older}: “just a quick read, ok”`,
  );
  const stage = await (
    await ds.get(`/api/v1/models/keys-a-${stamp}/versions/2`)
  ).json();
  expect(stage.stage).toBe("staging");

  // r opens the reason box; an empty reason is refused by name and nothing is sent.
  await page.goto("/reviews");
  await first.getByText(`#${newer} · requested by`).click();
  await page.keyboard.press("r");
  const reason = first.getByLabel("Why reject? (required)");
  await expect(reason).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(first).toContainText("Reason: say why you reject it");
  await page.keyboard.press("Escape");
  await expect(reason).toHaveCount(0);
  await expect(first).toBeFocused();
  await expect(first.getByTestId("approvals")).toHaveText("0/1 approvals");

  await page.setViewportSize({ width: 390, height: 800 });
  await first.getByText(/All metrics/).click();
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await context.close();
  await ds.dispose();
  await admin.dispose();
});

test("an admin picks approvers by name and the override's model from a list; the saved policy shows them; a bad input names its field and changes nothing", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const name = `policy-pick-${Date.now()}`;
  const ds = await apiAs("data_scientist", baseURL ?? "");
  const admin = await apiAs("admin", baseURL ?? "");
  expect((await ds.post("/api/v1/models", { data: { name } })).status()).toBe(
    201,
  );
  const defaultStaging = async () =>
    (
      (await (await admin.get("/api/v1/policies")).json()) as {
        policies: { model: string | null; policy: Record<string, unknown> }[];
      }
    ).policies.find((p) => p.model === null && p.policy.stage === "staging")
      ?.policy;
  const before = await defaultStaging();

  const { context, page } = await pageAs(browser, "admin");
  await page.goto("/settings/policies");
  const form = page.getByRole("form", { name: "New override" });
  // Gates start empty with a hint that reads as one ("e.g."), not a value.
  const gates = form.getByLabel("Gates (one per line)");
  await expect(gates).toHaveValue("");
  await expect(gates).toHaveAttribute("placeholder", /^e\.g\. /);

  // Saving without a model is refused by name, and the default policy is left as it was.
  await form.getByLabel("Stage", { exact: true }).selectOption("staging");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toContainText("Choose the model this override is for");
  expect(await defaultStaging()).toEqual(before);

  await form.getByLabel("Model", { exact: true }).selectOption(name);
  await form.getByLabel("Stage", { exact: true }).selectOption("staging");
  await form.getByLabel("Required approvals").fill("1");
  await gates.fill("accuracy >= 0.5");
  const robin = form.getByRole("checkbox", { name: /Robin Reviewer/ });
  await expect(form.getByText("reviewer2@stageline.local")).toBeVisible();
  // Only people who may review are offered.
  await expect(
    form.getByRole("checkbox", { name: /Dana Scientist/ }),
  ).toHaveCount(0);
  await robin.check();
  const robinId = await robin.getAttribute("value");
  await expect(await axeProblems(page)).toEqual([]);
  await form.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Policy for staging saved")).toBeVisible();

  await page.reload();
  const saved = page.getByRole("form", { name: `Policy ${name} staging` });
  await expect(
    saved.getByRole("checkbox", { name: /Robin Reviewer/ }),
  ).toBeChecked();
  await expect(
    saved.getByRole("checkbox", { name: /Riley Reviewer/ }),
  ).not.toBeChecked();
  await expect(saved.getByLabel("Gates (one per line)")).toHaveValue(
    "accuracy >= 0.5",
  );
  const listed = (
    (await (await admin.get("/api/v1/policies")).json()) as {
      policies: {
        model: string | null;
        policy: { stage: string; approverIds: string[] };
      }[];
    }
  ).policies.find((p) => p.model === name && p.policy.stage === "staging");
  expect(listed?.policy.approverIds).toEqual([robinId]);

  // A bad gate comes back under the field it names; reloaded, the policy is as saved.
  await saved.getByLabel("Required approvals").fill("3");
  await saved.getByLabel("Gates (one per line)").fill("accuracy >>> 2");
  await saved.getByRole("button", { name: "Save" }).click();
  await expect(saved.getByText(/^Gate 1 /)).toBeVisible();
  await expect(saved.getByLabel("Gates (one per line)")).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  await page.reload();
  await expect(saved.getByLabel("Required approvals")).toHaveValue("1");
  await expect(saved.getByLabel("Gates (one per line)")).toHaveValue(
    "accuracy >= 0.5",
  );

  await page.setViewportSize({ width: 390, height: 800 });
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  await context.close();
  await ds.dispose();
  await admin.dispose();
});
