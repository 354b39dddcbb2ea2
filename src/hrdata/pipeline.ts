import { attribute, type Problem } from './attribution.js';
import { DEFAULT_FOREST, IsolationForest, type IsolationForestOptions } from './isolation-forest.js';
import { buildMasterTable, type HrSummary, type MasterRow } from './master-table.js';

export interface FlaggedEmployee {
  employeeId: string;
  /** The forest's decision value: negative, lower is more anomalous. */
  score: number;
  problems: Problem[];
  otherProblems: Problem[];
  /** What stands out, in plain words (no numbers): for the assistant's check-ins. */
  concerns: string[];
}

export interface Analysis {
  employees: Array<{ employeeId: string; row: MasterRow; score: number | null; flagged: boolean }>;
  /** Most anomalous first. */
  flagged: FlaggedEmployee[];
  summary: HrSummary & { flaggedCount: number };
}

/** The master table, the detector over its 20 features, and why each flagged employee stands out. */
export function analyse(byEmployee: Map<string, MasterRow>, options: IsolationForestOptions = DEFAULT_FOREST): Analysis {
  const table = buildMasterTable(byEmployee);
  if (table.features.rows < 2) {
    return {
      employees: table.rows.map((row, i) => ({ employeeId: table.employeeIds[i]!, row, score: null, flagged: false })),
      flagged: [],
      summary: { ...table.summary, flaggedCount: 0 },
    };
  }
  const forest = new IsolationForest(table.features, options);
  const decisions = forest.decision(forest.trainingScores);
  const flagged: FlaggedEmployee[] = [];
  decisions.forEach((score, i) => {
    if (score >= 0) return;
    flagged.push({ employeeId: table.employeeIds[i]!, score, ...attribute(forest, table.features, table.typical, i) });
  });
  flagged.sort((a, b) => a.score - b.score || a.employeeId.localeCompare(b.employeeId));
  return {
    employees: table.rows.map((row, i) => ({ employeeId: table.employeeIds[i]!, row, score: decisions[i]!, flagged: decisions[i]! < 0 })),
    flagged,
    summary: { ...table.summary, flaggedCount: flagged.length },
  };
}
