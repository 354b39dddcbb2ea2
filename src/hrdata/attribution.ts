import { FEATURES } from './features.js';
import type { IsolationForest, Matrix } from './isolation-forest.js';

/** `[display name, score]`: how much this feature pushes the employee towards "anomalous". */
export type Problem = [string, number];

/**
 * Attribution by counterfactual replacement (the original used SHAP): for each feature,
 * set it alone to the typical employee's value (the standardised median) and re-score. The
 * rise in the forest's normality score is that feature's contribution: positive means the
 * employee's actual value is what makes them look anomalous. Exact for one feature at a
 * time, model-faithful (it queries the same forest) and cheap (20 extra scorings each).
 */
export function attribute(
  forest: IsolationForest,
  features: Matrix,
  typical: Float64Array,
  row: number,
): { problems: Problem[]; otherProblems: Problem[]; concerns: string[] } {
  const values = Float64Array.from(features.data.subarray(row * features.columns, (row + 1) * features.columns));
  const base = forest.scoreRow(values);
  const contributions = FEATURES.map((feature, j) => {
    const actual = values[j]!;
    values[j] = typical[j]!;
    const delta = forest.scoreRow(values) - base;
    values[j] = actual;
    return { problem: [feature.display, Math.round(delta * 10_000) / 10_000] as Problem, words: actual > typical[j]! ? feature.high : feature.low };
  });
  contributions.sort((a, b) => b.problem[1] - a.problem[1]);
  const top = contributions.slice(0, 5);
  return {
    problems: top.map((c) => c.problem),
    otherProblems: contributions.slice(5).map((c) => c.problem),
    // The same facts in words, for the assistant: only what really pushes towards "anomalous".
    concerns: [...new Set(top.filter((c) => c.problem[1] > 0).map((c) => c.words))],
  };
}
