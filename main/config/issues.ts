// Turning zod's issues into one line per problem, each naming the field by its dotted path. An unknown key (every
// section is strict) names the nearest key the section knows, e.g.
// `reader.simulateWhenMising: unknown key — did you mean simulateWhenMissing?`, so a typo is fixed at once
// instead of silently keeping a default.
import type { z } from 'zod';

/** Edit distance (insert, delete, substitute one character), case-insensitive. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length]!;
}

/** The known key closest to `key`, if it is close enough to be what was meant (about a third of it mistyped). */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Known keys of the objects that reported unknown keys, by the object's dotted path; filled by `errorMap`. */
export type KnownKeys = Map<string, readonly string[]>;

const dotted = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** A zod error map (per parse) that notes each strict object's known keys where it met an unknown one. */
export function collectKnownKeys(known: KnownKeys): z.core.$ZodErrorMap {
  return (issue) => {
    if (issue.code === 'unrecognized_keys') {
      const shape = (issue.inst?._zod.def as { shape?: Record<string, unknown> } | undefined)?.shape;
      if (shape) known.set(dotted(issue.path ?? []), Object.keys(shape));
    }
    return undefined;
  };
}

const MAX_LISTED = 12;

/** One line per problem; unknown keys one line each, with the nearest known key (or what the section knows). */
export function describeIssues(error: z.ZodError, known: KnownKeys = new Map()): string[] {
  return error.issues.flatMap((issue) => {
    const path = dotted(issue.path);
    if (issue.code !== 'unrecognized_keys') return [`${path || '(root)'}: ${issue.message}`];
    const keys = known.get(path);
    return issue.keys.map((key) => {
      const at = path ? `${path}.${key}` : key;
      if (!keys) return `${at}: unknown key`;
      const near = nearestKey(key, keys);
      if (near) return `${at}: unknown key — did you mean ${near}?`;
      const list = keys.slice(0, MAX_LISTED).join(', ') + (keys.length > MAX_LISTED ? ', …' : '');
      return `${at}: unknown key (known: ${list})`;
    });
  });
}
