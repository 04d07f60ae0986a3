import { expect, test } from "@playwright/test";

// The static files every page asks for are there: a browser's first request for the tab icon is
// not a 404 in the console of every page.

test("pages name their icon, and /favicon.ico and the SVG icon are served", async ({
  request,
}) => {
  const page = await (await request.get("/sign-in")).text();
  expect(page).toMatch(
    /<link rel="icon" href="\/icon\.svg" type="image\/svg\+xml"/,
  );
  const ico = await request.get("/favicon.ico");
  expect(ico.status()).toBe(200);
  expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  const svg = await request.get("/icon.svg");
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toContain("image/svg+xml");
});
