// Every error code the reader area can raise has a person-facing message in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { personMessages } from '../../../../common/messages/index';
import { SW3_TABLE } from '../../../../main/devices/idcard/commands';

const SOURCE_DIR = join(process.cwd(), 'main/devices/idcard');

describe('reader messages', () => {
  it('cover every HexinError code thrown in main/devices/idcard and every SW3 failure code', () => {
    const codes = new Set<string>();
    for (const f of readdirSync(SOURCE_DIR)) {
      const text = readFileSync(join(SOURCE_DIR, f), 'utf8');
      for (const m of text.matchAll(/HexinError\(\s*'([A-Z_]+)'/g)) codes.add(m[1]!);
      for (const m of text.matchAll(/\? '([A-Z_]+)' : '([A-Z_]+)'/g)) codes.add(m[1]!).add(m[2]!);
    }
    for (const info of Object.values(SW3_TABLE)) if (info.code !== 'OK') codes.add(info.code);
    expect(codes.size).toBeGreaterThan(20);
    const missing = [...codes].filter((c) => !personMessages[c]);
    expect(missing).toEqual([]);
    for (const c of codes) {
      expect(personMessages[c]!['zh-CN'].length).toBeGreaterThan(0);
      expect(personMessages[c]!.en.length).toBeGreaterThan(0);
    }
  });
});
