import { describe, expect, it } from 'vitest';
import { incompleteBeta, welchTest } from '../welch.js';

describe("Welch's t-test used by the P05 timing check", () => {
  it('matches SciPy ttest_ind(equal_var=False) on a reference pair of samples', () => {
    const a = [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0];
    const b = [
      28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9,
      21.6, 24.3, 20.4, 23.9, 13.3,
    ];
    const result = welchTest(a, b);
    // scipy.stats.ttest_ind(a, b, equal_var=False): t=-2.225512039969852, df=24.524634944257343,
    // p=0.035484530830010394
    expect(result.t).toBeCloseTo(-2.225512039969852, 10);
    expect(result.degreesOfFreedom).toBeCloseTo(24.524634944257343, 8);
    expect(result.p).toBeCloseTo(0.035484530830010394, 8);
  });

  it('gives p = 1 for samples with the same mean, and p near 0 for far-apart ones', () => {
    expect(welchTest([1, 2, 3, 4], [4, 3, 2, 1]).p).toBeCloseTo(1, 10);
    expect(welchTest([1, 1.1, 0.9, 1.05], [5, 5.1, 4.9, 5.05]).p).toBeLessThan(1e-6);
  });

  it('computes the regularized incomplete beta function: I_0.5(a, a) = 0.5 and I_x(1, 1) = x', () => {
    expect(incompleteBeta(0.5, 3, 3)).toBeCloseTo(0.5, 12);
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
  });
});
