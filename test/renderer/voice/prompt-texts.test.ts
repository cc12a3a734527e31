// The spoken prompts say what the screens show: each prompt's words come from the screen texts, in both languages,
// with nothing left to fill in at run time.
import { describe, expect, it } from 'vitest';
import { GUIDANCE_ALL_PROMPT_IDS, PROMPT_ID_RE } from '../../../common/voice';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import {
  allPromptTexts,
  joinSentences,
  promptText,
  screenText,
} from '../../../renderer/src/voice/prompt-texts';

describe('guidance prompt texts', () => {
  it.each(['zh-CN', 'en'] as const)('every prompt has words in %s, none with a placeholder', (lang) => {
    const all = allPromptTexts(lang);
    expect(all.map((p) => p.id)).toEqual([...GUIDANCE_ALL_PROMPT_IDS]);
    for (const p of all) {
      expect(p.id).toMatch(PROMPT_ID_RE);
      expect(p.text.length, p.id).toBeGreaterThan(3);
      expect(p.text, p.id).not.toMatch(/\{\{?\w+\}?\}|⟦/);
    }
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
  });

  it("speaks the screens' own words", () => {
    expect(promptText('card-place', 'zh-CN')).toBe(`${zhCN.card.title}。${zhCN.card.hint}。`);
    expect(promptText('card-place', 'en')).toBe(`${en.card.title}. ${en.card.hint}.`);
    expect(promptText('guide-too-dark', 'en')).toBe(`${en.capture.guidance.TOO_DARK}.`);
    expect(promptText('consent-summary', 'zh-CN')).toBe(zhCN.voice.consentSummary);
    // The liveness challenge without its "(1/2)" counter (the progress bar shows it).
    expect(promptText('liveness-challenge-blink', 'zh-CN')).toBe('请眨眨眼。');
    expect(promptText('result-counter', 'en')).toBe(
      `${en.result.failTitle}. ${en.result.next['staff-counter']}`,
    );
  });

  it('the consent summary says what is collected, why, who receives the result and where refusing leads', () => {
    const zh = promptText('consent-summary', 'zh-CN');
    for (const w of ['身份证', '人脸', '核验是您本人', '只发送给', '不同意', '人工柜台'])
      expect(zh).toContain(w);
    const e = promptText('consent-summary', 'en');
    for (const w of ['ID card', 'face', 'check that it is you', 'only to', 'do not agree', 'staff counter'])
      expect(e).toContain(w);
  });

  it('refuses an unknown prompt, a missing screen text and one with a run-time number', () => {
    expect(() => promptText('no-such-prompt', 'en')).toThrow(/unknown guidance prompt/);
    expect(() => screenText('card.nope', 'en')).toThrow(/no screen text card\.nope/);
    expect(() => screenText('result.next.retry', 'zh-CN')).toThrow(/placeholder/);
  });

  it('joins sentences as each language writes them', () => {
    expect(joinSentences(['请稍候…', '好'], 'zh-CN')).toBe('请稍候…好。');
    expect(joinSentences(['Hello', 'Bye!'], 'en')).toBe('Hello. Bye!');
  });
});
