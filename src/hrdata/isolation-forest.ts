import { seededRandom } from './random.js';

/** Rows × features, row-major. */
export interface Matrix {
  rows: number;
  columns: number;
  data: Float64Array;
}

export interface IsolationForestOptions {
  trees: number;
  /** Per tree; min(maxSamples, rows) as scikit-learn's "auto" (256). */
  maxSamples: number;
  contamination: number;
  seed: number;
}

export const DEFAULT_FOREST: IsolationForestOptions = { trees: 700, maxSamples: 256, contamination: 0.05, seed: 42 };

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * One isolation tree in flat arrays: node i splits on feature[i] at threshold[i] into
 * left[i] / right[i]; a leaf has feature −1 and carries the depth adjustment c(size).
 */
interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  leafValue: Float64Array;
}

function buildTree(matrix: Matrix, sample: Int32Array, maxDepth: number, random: () => number): Tree & { size: number } {
  const capacity = 2 * sample.length;
  const tree: Tree = {
    feature: new Int32Array(capacity).fill(-1),
    threshold: new Float64Array(capacity),
    left: new Int32Array(capacity),
    right: new Int32Array(capacity),
    leafValue: new Float64Array(capacity),
  };
  const { columns, data } = matrix;
  let nodes = 0;
  const candidates: number[] = [];
  const grow = (indices: Int32Array, depth: number): number => {
    const node = nodes++;
    if (depth >= maxDepth || indices.length <= 1) {
      tree.leafValue[node] = depth + averagePathLength(indices.length);
      return node;
    }
    // A random feature among those not constant here, split uniformly between its bounds.
    candidates.length = 0;
    const lows: number[] = [];
    const highs: number[] = [];
    for (let f = 0; f < columns; f++) {
      let low = Infinity;
      let high = -Infinity;
      for (let k = 0; k < indices.length; k++) {
        const value = data[indices[k]! * columns + f]!;
        if (value < low) low = value;
        if (value > high) high = value;
      }
      if (high > low) {
        candidates.push(f);
        lows[f] = low;
        highs[f] = high;
      }
    }
    if (candidates.length === 0) {
      tree.leafValue[node] = depth + averagePathLength(indices.length);
      return node;
    }
    const feature = candidates[Math.floor(random() * candidates.length)]!;
    const threshold = lows[feature]! + random() * (highs[feature]! - lows[feature]!);
    let leftCount = 0;
    for (let k = 0; k < indices.length; k++) if (data[indices[k]! * columns + feature]! < threshold) leftCount++;
    const leftIndices = new Int32Array(leftCount);
    const rightIndices = new Int32Array(indices.length - leftCount);
    let l = 0;
    let r = 0;
    for (let k = 0; k < indices.length; k++) {
      const index = indices[k]!;
      if (data[index * columns + feature]! < threshold) leftIndices[l++] = index;
      else rightIndices[r++] = index;
    }
    tree.feature[node] = feature;
    tree.threshold[node] = threshold;
    tree.left[node] = grow(leftIndices, depth + 1);
    tree.right[node] = grow(rightIndices, depth + 1);
    return node;
  };
  grow(sample, 0);
  return { ...tree, size: nodes };
}

/**
 * Isolation Forest (Liu, Ting & Zhou 2008) with scikit-learn's conventions: subsamples of
 * min(256, n) rows drawn without replacement, depth limit ceil(log2(subsample)), anomaly score
 * s = 2^(−E[h(x)] / c(subsample)), `scoreSamples` = −s, and a decision threshold at the
 * `contamination` quantile of the training scores (negative decision = anomaly).
 */
export class IsolationForest {
  private readonly normaliser: number;
  /** Every tree's nodes in one set of flat arrays (roots at `roots[t]`): the scoring loop's hot data. */
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly leafValue: Float64Array;
  private readonly roots: Int32Array;
  /** score_samples of the training rows. */
  readonly trainingScores: Float64Array;
  readonly offset: number;

  constructor(
    private readonly matrix: Matrix,
    readonly options: IsolationForestOptions = DEFAULT_FOREST,
  ) {
    const random = seededRandom(options.seed);
    const subsample = Math.min(options.maxSamples, matrix.rows);
    const maxDepth = Math.ceil(Math.log2(Math.max(subsample, 2)));
    const all = new Int32Array(matrix.rows).map((_, i) => i);
    const trees: Array<Tree & { size: number }> = [];
    for (let t = 0; t < options.trees; t++) {
      // Partial Fisher–Yates: the first `subsample` entries become a sample without replacement.
      for (let i = 0; i < subsample; i++) {
        const j = i + Math.floor(random() * (matrix.rows - i));
        const swap = all[i]!;
        all[i] = all[j]!;
        all[j] = swap;
      }
      trees.push(buildTree(matrix, all.slice(0, subsample), maxDepth, random));
    }
    const total = trees.reduce((n, tree) => n + tree.size, 0);
    this.feature = new Int32Array(total);
    this.threshold = new Float64Array(total);
    this.left = new Int32Array(total);
    this.right = new Int32Array(total);
    this.leafValue = new Float64Array(total);
    this.roots = new Int32Array(trees.length);
    let base = 0;
    trees.forEach((tree, t) => {
      this.roots[t] = base;
      for (let i = 0; i < tree.size; i++) {
        this.feature[base + i] = tree.feature[i]!;
        this.threshold[base + i] = tree.threshold[i]!;
        this.left[base + i] = base + tree.left[i]!;
        this.right[base + i] = base + tree.right[i]!;
        this.leafValue[base + i] = tree.leafValue[i]!;
      }
      base += tree.size;
    });
    this.normaliser = averagePathLength(subsample);
    this.trainingScores = this.scoreSamples(matrix);
    this.offset = quantile(this.trainingScores, options.contamination);
  }

  /**
   * The opposite of the anomaly score, as scikit-learn's score_samples: lower is more abnormal.
   * Tree by tree over all rows, so that one tree's nodes stay in the CPU cache (the forest is
   * ~10 MB); each row still sums its trees in order, so the scores equal scoreRow's bit for bit.
   */
  scoreSamples(matrix: Matrix): Float64Array {
    const { feature, threshold, left, right, leafValue, roots } = this;
    const { rows, columns, data } = matrix;
    const totals = new Float64Array(rows);
    for (let t = 0; t < roots.length; t++) {
      const root = roots[t]!;
      for (let i = 0, base = 0; i < rows; i++, base += columns) {
        let node = root;
        let f = feature[node]!;
        while (f >= 0) {
          node = data[base + f]! < threshold[node]! ? left[node]! : right[node]!;
          f = feature[node]!;
        }
        totals[i]! += leafValue[node]!;
      }
    }
    return totals.map((total) => this.fromPathLengths(total));
  }

  scoreRow(row: ArrayLike<number>): number {
    const { feature, threshold, left, right, leafValue, roots } = this;
    let total = 0;
    for (let t = 0; t < roots.length; t++) {
      let node = roots[t]!;
      let f = feature[node]!;
      while (f >= 0) {
        node = row[f]! < threshold[node]! ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      total += leafValue[node]!;
    }
    return this.fromPathLengths(total);
  }

  /** score_samples from the sum of a row's path lengths over all trees. */
  private fromPathLengths(total: number): number {
    return -Math.pow(2, -total / this.roots.length / this.normaliser);
  }

  /** score − offset: negative for the `contamination` share of training rows judged anomalous. */
  decision(scores: Float64Array): Float64Array {
    return scores.map((score) => score - this.offset);
  }
}

/** Linear-interpolated quantile (numpy's default), q in [0, 1]. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}
