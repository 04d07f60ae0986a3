// One penguin for the demo's penguins-sex model (lib/demo/models.ts): the row the specs and the
// benchmarks send to its prediction endpoint. Plain data, so bench/ imports it too.
export const PENGUIN = {
  beak_length_mm: 39.1,
  beak_depth_mm: 18.7,
  flipper_length_mm: 181,
  body_mass_g: 3750,
  is_gentoo: 0,
  is_chinstrap: 0,
};

/** The penguin as a columnar `inputs` body: each feature a list of one value. */
export const PENGUIN_INPUTS = {
  inputs: Object.fromEntries(
    Object.entries(PENGUIN).map(([feature, value]) => [feature, [value]]),
  ),
};
