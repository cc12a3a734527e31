import { describe, expect, it } from 'vitest';
import { buildSentence, composeSentence, randomDigits } from '../../../main/intent/sentence';
import { compareTranscript } from '../../../main/intent/text-compare';

describe('sentence composition', () => {
  it('shows the purpose and spaced digits, and speaks the digits as words', () => {
    const s = buildSentence('开立个人账户', '4012', 'zh-CN', 'open-account', 'id-1');
    expect(s.text).toBe('本人自愿办理开立个人账户，确认码 4 0 1 2。');
    expect(s.spoken).toBe('本人自愿办理开立个人账户，确认码四零一二。');
    expect(s.syllables).toBe(19);
  });

  it('its spoken form matches its displayed form exactly after normalisation', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const s = composeSentence(
        lang === 'en' ? 'open a personal account' : '开立个人账户',
        lang,
        'open-account',
        6,
      );
      expect(compareTranscript(s.text, s.spoken, lang, 0)).toMatchObject({ cer: 0, passed: true });
    }
  });

  it('draws fresh digits and ids each time', () => {
    const seen = new Set<string>();
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const s = composeSentence('开立个人账户', 'zh-CN', 'open-account', 6);
      expect(s.digits).toMatch(/^[0-9]{6}$/);
      seen.add(s.digits);
      ids.add(s.id);
    }
    // 50 draws from 10^6: a repeat is possible but a handful would mean the digits are not random.
    expect(seen.size).toBeGreaterThan(45);
    expect(ids.size).toBe(50);
  });

  it('uses every decimal digit over many draws', () => {
    const all = Array.from({ length: 200 }, () => randomDigits(4)).join('');
    expect(new Set(all).size).toBe(10);
  });

  it('rejects digits that are not decimal digits (a bug in the caller)', () => {
    expect(() => buildSentence('x', '12a4', 'zh-CN', 'p')).toThrow();
  });
});
