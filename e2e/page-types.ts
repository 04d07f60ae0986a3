// One page of each type (the demo's models), whatever the role may see of it: what the narrow-window
// and accessibility checks walk through as every role. Pages that need an id of the test's own
// (a deployment, a model with nothing logged) are added by each spec.
export const PAGE_TYPES = [
  "/",
  "/models",
  "/models/penguins-sex",
  "/models/penguins-sex/versions/3",
  "/models/penguins-sex/card",
  "/models/penguins-sex/compare",
  "/models/penguins-sex/compare?versions=2,3",
  "/models/penguins-sex/versions/new",
  "/models/new",
  "/reviews",
  "/monitoring",
  "/retirements",
  "/notifications",
  "/requests",
  "/reports/monthly",
  "/audit",
  "/api-docs",
  "/settings",
  "/settings/tokens",
  "/settings/users",
  "/settings/policies",
  "/settings/webhooks",
  "/settings/signing-keys",
  "/settings/storage",
];
