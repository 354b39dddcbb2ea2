import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { growthPercentFor } from '../src/runtime/heap-growth.js';

const MB = 1024 * 1024;

describe('growthPercentFor', () => {
  it("leaves the headroom as a share of the live heap, V8's own choice below it, and never under 10%", () => {
    expect(growthPercentFor(300 * MB, 96 * MB)).toBe(32);
    expect(growthPercentFor(96 * MB, 96 * MB)).toBe(0);
    expect(growthPercentFor(80 * MB, 96 * MB)).toBe(0);
    expect(growthPercentFor(4096 * MB, 96 * MB)).toBe(10);
    expect(growthPercentFor(300 * MB, 0)).toBe(0);
  });
});

describe('boundHeapGrowth', () => {
  /**
   * How much the heap grew before each full collection (MB) in the fixture, bounded by
   * `headroomMb` (0: not bounded). V8's own growth is pinned at its largest (4 times what is
   * live) and its memory reducer is off (a process slowed by a busy machine looks idle to it),
   * so the result does not hang on V8's guesses on a busy machine.
   */
  function growthBeforeFullCollections(headroomMb: number): Promise<number[]> {
    const child = spawn(process.execPath, ['--trace-gc', '--heap-growing-percent=300', '--no-memory-reducer', '--import', 'tsx', path.resolve('tests/fixtures/heap-garbage.ts'), String(headroomMb)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => {
        if (code !== 0 || !/^live \d+$/m.test(out)) return reject(new Error(`fixture failed (${code}): ${out.slice(-500)}`));
        resolve([...out.matchAll(/Mark-Compact (?:\(reduce\) )?([\d.]+) \([\d.]+\) -> ([\d.]+)/g)].map((m) => Number(m[1]) - Number(m[2])));
      });
    });
  }

  it('collects once the headroom is used, where V8 would let garbage grow to several times the live heap', async () => {
    const free = await growthBeforeFullCollections(0);
    const bounded = await growthBeforeFullCollections(8);
    expect(Math.max(...free)).toBeGreaterThan(60);
    // From the second full collection on (the first one sets the bound): 8 MB of old-generation
    // garbage, plus what the young generation holds when it runs.
    expect(bounded.length).toBeGreaterThan(4);
    expect(Math.max(...bounded.slice(2))).toBeLessThan(24);
  }, 120_000);
});
