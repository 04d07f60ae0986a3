/** Below this many live rows in the window, drift is not judged ("too few rows"). */
export const MIN_ROWS = 100;
