// Shared by the text-coverage tests: read a dotted key out of a message table, and check that every key has words.
import { expect } from 'vitest';

/** The value at `a.b.c` in a nested message table, or undefined when any part is missing. */
export function lookup(table: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    return (node as Record<string, unknown>)[part];
  }, table);
}

/** Every key is a non-blank string in the table (a missing one would show ⟦key⟧ on a kiosk). */
export function expectEveryText(table: object, keys: readonly string[]): void {
  for (const key of keys) {
    const text = lookup(table, key);
    expect(typeof text, key).toBe('string');
    expect(String(text).trim(), key).not.toBe('');
  }
}
