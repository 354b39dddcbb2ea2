import { FEATURES } from './features.js';
import type { IsolationForest, Matrix } from './isolation-forest.js';

/** `[display name, score]`: how much this feature pushes the employee towards "anomalous". */
export type Problem = [string, number];

const TOP_PROBLEMS = 5;

/**
 * Attribution by counterfactual replacement (the original used SHAP): for each feature,
 * set it alone to the typical employee's value (the standardised median) and re-score. The
 * rise in the forest's normality score is that feature's contribution: positive means the
 * employee's actual value is what makes them look anomalous. Exact for one feature at a
 * time, model-faithful (it queries the same forest) and cheap (20 extra scorings each).
 *
 * Only adverse deviations count (the value on the feature's adverse side of the typical one,
 * and a positive contribution): the strongest five are `problems`, the others
 * `otherProblems`. An employee who stands out only for favourable signals has none.
 */
export function attribute(
  forest: IsolationForest,
  features: Matrix,
  typical: Float64Array,
  row: number,
): { problems: Problem[]; otherProblems: Problem[]; concerns: string[] } {
  const values = Float64Array.from(features.data.subarray(row * features.columns, (row + 1) * features.columns));
  const base = forest.scoreRow(values);
  const adverse: Array<{ problem: Problem; words: string }> = [];
  FEATURES.forEach((feature, j) => {
    const actual = values[j]!;
    const onAdverseSide = feature.adverse === 'high' ? actual > typical[j]! : actual < typical[j]!;
    if (!onAdverseSide) return;
    values[j] = typical[j]!;
    const contribution = Math.round((forest.scoreRow(values) - base) * 10_000) / 10_000;
    values[j] = actual;
    if (contribution > 0) adverse.push({ problem: [feature.display, contribution], words: feature.words });
  });
  adverse.sort((a, b) => b.problem[1] - a.problem[1]);
  const top = adverse.slice(0, TOP_PROBLEMS);
  return {
    problems: top.map((c) => c.problem),
    otherProblems: adverse.slice(TOP_PROBLEMS).map((c) => c.problem),
    // The same facts in words, for the assistant.
    concerns: [...new Set(top.map((c) => c.words))],
  };
}
