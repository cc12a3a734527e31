import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { personMessages } from '../../common/messages';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('screen texts', () => {
  it('Chinese and English have exactly the same keys, none empty', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort());
    for (const table of [en, zhCN]) for (const k of keys(table)) expect(k).not.toBe('');
  });

  it('every error code has a non-empty message in both languages', () => {
    for (const [code, m] of Object.entries(personMessages)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(m['zh-CN'].trim(), code).not.toBe('');
      expect(m.en.trim(), code).not.toBe('');
    }
  });
});
