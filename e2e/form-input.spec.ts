import { createHash } from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test, type Page } from "@playwright/test";
import { createUserWithCli } from "./accounts";

// Bad input through the browser forms (a sample of the server actions): each refused submission
// shows an error under the field it is about, keeps what was typed, and changes nothing. The user
// is one of this test's own, so "nothing changed" can be checked in the database while other tests
// run: no audit event by them (every change writes one in its own transaction) and their model,
// its versions, tags and aliases and their tokens exactly as before.
const user = {
  email: `form-fuzz-${Date.now()}@example.com`,
  password: "form-fuzz-password",
  role: "data_scientist" as const,
};
const model = `form-fuzz-${Date.now()}`;

function snapshot(): string {
  const db = new Database(path.resolve(".e2e/data/stageline.db"), {
    readonly: true,
  });
  const { id } = db
    .prepare("select id from user where email = ?")
    .get(user.email) as { id: string };
  const rows = [
    db
      .prepare("select * from audit_events where actor_id = ? order by id")
      .all(id),
    db
      .prepare("select * from registered_models where owner_id = ? order by id")
      .all(id),
    db
      .prepare(
        "select v.* from model_versions v join registered_models m on m.id = v.model_id where m.owner_id = ? order by v.id",
      )
      .all(id),
    db
      .prepare(
        "select t.* from model_tags t join registered_models m on m.id = t.model_id where m.owner_id = ? order by t.key",
      )
      .all(id),
    db
      .prepare(
        "select a.* from model_aliases a join registered_models m on m.id = a.model_id where m.owner_id = ? order by a.alias",
      )
      .all(id),
    db
      .prepare(
        "select id, name, scope, expires_at, revoked_at from api_tokens where user_id = ? order by id",
      )
      .all(id),
  ];
  db.close();
  return createHash("sha256").update(JSON.stringify(rows)).digest("hex");
}

async function submitAndExpectFieldError(
  page: Page,
  button: string,
  field: string,
  message: RegExp,
) {
  // Wait for this submission's answer: while one is pending, the next click would wait for the
  // button and then send the values the form is reset to.
  const answered = page.waitForResponse(
    (r) =>
      r.request().method() === "POST" &&
      r.request().headers()["next-action"] !== undefined,
  );
  await page.getByRole("button", { name: button }).click();
  await answered;
  await expect(page.getByRole("button", { name: button })).toBeEnabled();
  const input = page.locator(`#field-${field}`);
  await expect(page.locator(`#field-${field}-error`)).toHaveText(message);
  await expect(input).toHaveAttribute("aria-invalid", "true");
}

test.beforeAll(() => createUserWithCli(path.resolve(".e2e/data"), user));

test("bad input in the browser forms is refused under its field and changes nothing", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(user.email);
  // One good model with one version to hang the other forms on.
  await page.goto("/models/new");
  await page.getByLabel("Name", { exact: true }).fill(model);
  await page.getByRole("button", { name: "Create model" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model}$`));
  await page.goto(`/models/${model}/versions/new`);
  await page.getByRole("button", { name: "Register version" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model}/versions/1$`));
  const before = snapshot();

  // New model: names that break the rules, and a tag line without "=".
  await page.goto("/models/new");
  for (const bad of [
    " leading-space",
    "bad*name",
    "a".repeat(300),
    "\u202eevil",
    "../../etc/passwd",
    "x".repeat(10_000),
    "😀😀",
    "' OR 1=1 --",
  ]) {
    await page.getByLabel("Name", { exact: true }).fill(bad);
    await submitAndExpectFieldError(page, "Create model", "name", /.+/);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(bad);
  }
  await page.getByLabel("Name", { exact: true }).fill(model);
  await submitAndExpectFieldError(
    page,
    "Create model",
    "name",
    /already exists|taken/i,
  );
  await page.getByLabel("Name", { exact: true }).fill(`${model}-tags`);
  await page.getByLabel("Tags").fill("team=risk\nno-equals-sign");
  await submitAndExpectFieldError(page, "Create model", "tags", /.+/);
  // Said once, at the field, not again in a message under the form.
  await expect(page.getByText(/must look like key=value/)).toHaveCount(1);

  // New version: a parameter line without "=", a metric that is not a number, a release label.
  await page.goto(`/models/${model}/versions/new`);
  await page.getByLabel("Parameters").fill("learning_rate");
  await submitAndExpectFieldError(page, "Register version", "params", /.+/);
  await page.getByLabel("Parameters").fill("");
  await page.getByLabel("Metrics").fill("rmse=not-a-number");
  await submitAndExpectFieldError(page, "Register version", "metrics", /.+/);
  await page.getByLabel("Metrics").fill("rmse=1e400");
  await submitAndExpectFieldError(page, "Register version", "metrics", /.+/);
  await page.getByLabel("Metrics").fill("");
  await page.getByLabel("Release label").fill("not a label!");
  await submitAndExpectFieldError(
    page,
    "Register version",
    "release_label",
    /.+/,
  );

  // API token: no name, a name too long, a negative and an absurd expiry.
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("   ");
  await submitAndExpectFieldError(page, "Create token", "name", /name/i);
  await page.getByLabel("Name").fill("n".repeat(101));
  await submitAndExpectFieldError(page, "Create token", "name", /100/);
  await page.getByLabel("Name").fill("fine");
  for (const days of ["-5", "0", "99999", "1.5"]) {
    await page.getByLabel("Expires in (days)").fill(days);
    await submitAndExpectFieldError(
      page,
      "Create token",
      "expiresInDays",
      /.+/,
    );
  }

  // Model page: an alias the registry reserves, a tag key that is too long.
  await page.goto(`/models/${model}`);
  await page.getByLabel("Alias", { exact: true }).fill("latest");
  await page.getByRole("button", { name: "Set alias" }).click();
  await expect(
    page
      .locator("[data-sonner-toast]")
      .filter({ hasText: /'latest' is reserved/ })
      .first(),
  ).toBeVisible();
  await expect(page.getByRole("list", { name: "Aliases" })).not.toContainText(
    "@latest",
  );
  await page.getByLabel("Tag key").fill("k".repeat(300));
  await page.getByLabel("Tag value").fill("v");
  await page.getByRole("button", { name: "Set tag" }).click();
  await expect(
    page.locator("[data-sonner-toast]").filter({ hasText: /key/i }).first(),
  ).toBeVisible();

  expect(snapshot()).toBe(before);
});
