// Figures in the report are rounded to 9 significant digits: floating-point sums of the same flows
// in another order then print the same bytes (determinism), and 0 stays 0 (never -0).
export function round(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(9));
}
