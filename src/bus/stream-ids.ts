/**
 * Redis stream ids are `<ms>-<seq>`. While Redis is unreachable an instance delivers
 * locally with `<last redis id>.<n>`, which sorts after the id it extends.
 */
export type StreamId = [ms: bigint, seq: bigint, local: number];

export function parseStreamId(id: string): StreamId | null {
  const match = /^(\d{1,20})-(\d{1,20})(?:\.(\d{1,9}))?$/.exec(id);
  return match ? [BigInt(match[1]!), BigInt(match[2]!), Number(match[3] ?? 0)] : null;
}

export function compareStreamIds(a: StreamId, b: StreamId): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return a[2] - b[2];
}

/** The Redis part of an id (what Redis itself can replay from). */
export function redisPart(id: StreamId): string {
  return `${id[0]}-${id[1]}`;
}
