/**
 * The unbiased pass@k estimator 1 - C(n-c, k) / C(n, k) of Chen et al. (2021), "Evaluating
 * Large Language Models Trained on Code": the chance that at least one of k draws without
 * replacement from n attempts, c of them correct, is correct.
 */
export function passAtK(n: number, c: number, k: number): number {
  for (const [label, value] of [
    ['n', n],
    ['c', c],
    ['k', k],
  ] as const) {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(`passAtK: ${label} must be an integer, got ${value}`);
    }
  }
  if (k < 1) throw new RangeError(`passAtK: k must be at least 1, got k=${k}`);
  if (k > n) throw new RangeError(`passAtK: k must not exceed n, got k=${k} > n=${n}`);
  if (c < 0) throw new RangeError(`passAtK: c must not be negative, got c=${c}`);
  if (c > n) throw new RangeError(`passAtK: c must not exceed n, got c=${c} > n=${n}`);
  if (n - c < k) return 1;
  // C(n-c, k) / C(n, k) = ∏_{i=n-c+1}^{n} (1 - k/i): a product of factors in (0, 1], so it
  // neither overflows nor loses precision the way a ratio of factorials does.
  let allWrong = 1;
  for (let i = n - c + 1; i <= n; i++) allWrong *= 1 - k / i;
  return 1 - allWrong;
}
