import fs from 'node:fs';
import path from 'node:path';
import type { Behaviour, RecordedRequest } from './mistral-stand-in.js';

export const validReportBody = {
  employee_summary: 'The employee reports long hours and feels unrecognised.',
  key_insights: ['Works late most days', 'Feels unrecognised'],
  risk_assessment: { level: 'medium', score: 0.45, concerns: ['Workload'], indicators: ['Late evenings'] },
  recommended_actions: ['Review workload with the manager'],
  escalate_to_hr: false,
};

/** Stand-in script: streams chat answers, and answers report requests (JSON mode) with `report`. */
export function chatAndReports(report: Behaviour): (request: RecordedRequest) => Behaviour {
  return (request) => (request.stream ? { chunks: ['Tell me ', 'more.'] } : report);
}

export function reportFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
}

export function readReport(dir: string, file: string): any {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
}
