// What each attack reports: how many inputs it tried, how many killed the host, how many got through a guard that
// should have refused them, and the worst reply it saw. The suite prints these and the README quotes them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export interface Figures {
  attack: string;
  inputs: number;
  /** Times the host process died (each is restarted so the attack can go on). */
  crashes: number;
  /** Inputs a guard should have refused but served. */
  accepted: number;
  notes: Record<string, number | string>;
}

export const newFigures = (attack: string): Figures => ({
  attack,
  inputs: 0,
  crashes: 0,
  accepted: 0,
  notes: {},
});

const resultsDir = path.resolve(import.meta.dirname, '../../../attack-results');

/** Written by the attack suite (npm run test:attack) for scripts/attack-report.mjs; not by the sample tests. */
export function saveFigures(f: Figures): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, `${f.attack}.json`), JSON.stringify(f, null, 2) + '\n');
}

/** The seed every full-count attack replays (override with HEXIN_ATTACK_SEED to explore another sequence). */
export const ATTACK_SEED = Number(process.env.HEXIN_ATTACK_SEED ?? 20261201);

/** Saves, prints and asserts one attack's figures: no crash and nothing let through. */
export function recordFigures(f: Figures): void {
  saveFigures(f);
  console.log(
    `[attack] ${f.attack}: ${f.inputs} inputs, ${f.crashes} crashes, ${f.accepted} let through`,
    f.notes,
  );
  expect(f).toMatchObject({ crashes: 0, accepted: 0 });
}

/** A small seeded generator (mulberry32): the same seed replays the same attack. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    bytes: (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256))),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
