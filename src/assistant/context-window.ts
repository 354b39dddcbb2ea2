import type { Turn } from './conversation.js';

/**
 * Keeps the most recent turns that fit in `budgetChars`, oldest first. The newest
 * turn is always kept (cut to the budget if it alone is larger).
 */
export function fitToBudget(newestFirst: Turn[], budgetChars: number): Turn[] {
  const kept: Turn[] = [];
  let used = 0;
  for (const turn of newestFirst) {
    if (kept.length === 0) {
      const content = turn.content.slice(-budgetChars);
      kept.push({ ...turn, content });
      used += content.length;
      continue;
    }
    if (used + turn.content.length > budgetChars) break;
    kept.push(turn);
    used += turn.content.length;
  }
  // Chat APIs expect the conversation to start with the user.
  while (kept.length > 1 && kept[kept.length - 1]!.role !== 'user') kept.pop();
  return kept.reverse();
}
