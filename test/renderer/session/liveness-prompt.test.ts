import { describe, expect, it } from 'vitest';
import { livenessPrompts } from '../../../common/messages/liveness';
import { livenessPromptKey, livenessPromptText } from '../../../renderer/src/session/liveness-prompt';

describe('liveness prompt texts', () => {
  it('takes the full i18n key main sends, or only its suffix', () => {
    expect(livenessPromptKey('liveness.challenge.blink')).toBe('liveness.challenge.blink');
    expect(livenessPromptKey('blink')).toBe('liveness.challenge.blink');
    expect(livenessPromptKey('hold')).toBe('liveness.hold');
    expect(livenessPromptKey('guide.OK')).toBe('liveness.guide.OK');
  });

  it('returns null for a prompt it does not know, so the screen shows its own hold text', () => {
    expect(livenessPromptKey('dance')).toBeNull();
    expect(livenessPromptText('dance', 'en')).toBeNull();
    // Inherited object keys are not prompts.
    expect(livenessPromptKey('constructor')).toBeNull();
  });

  it('drops the (index/total) placeholders the view cannot fill', () => {
    expect(livenessPromptText('liveness.challenge.nod', 'en')).toBe('Please nod');
    expect(livenessPromptText('turn-left', 'zh-CN')).toBe('请向左转头，再转回来');
  });

  it('every prompt in both languages comes out without a placeholder', () => {
    for (const key of Object.keys(livenessPrompts)) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const text = livenessPromptText(key, lang);
        expect(text, `${key} ${lang}`).toBeTruthy();
        expect(text, `${key} ${lang}`).not.toMatch(/[{}]/);
      }
    }
  });
});
