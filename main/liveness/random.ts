// Where liveness gets its randomness. Production draws from the OS CSPRNG so a challenge plan or a colour
// sequence cannot be predicted; tests and the offline CLI inject a seeded source so a run can be replayed.
import { randomBytes, randomInt } from 'node:crypto';

/** Uniform integers in [0, n). */
export interface RandomSource {
  int(n: number): number;
}

export const cryptoRandom: RandomSource = { int: (n) => randomInt(n) };

/** Deterministic source (mulberry32) for tests and reproducible offline runs. Never use it in a session. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n) };
}

/** Fisher–Yates: the first `count` items of a random permutation of `items`. */
export function drawDistinct<T>(items: readonly T[], count: number, random: RandomSource): T[] {
  const pool = [...items];
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, count);
}

/** A per-session nonce: 128 bits from the CSPRNG, hex. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}
