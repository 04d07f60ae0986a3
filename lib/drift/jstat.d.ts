// jstat ships no types; this declares the one function Stageline uses.
declare module "jstat" {
  export const jStat: {
    chisquare: { cdf(x: number, degreesOfFreedom: number): number };
  };
}
