import { describe, expect, it } from 'vitest';
import { messageFor, personMessages } from '../../../common/messages/index';
import { formatLivenessPrompt, livenessPrompts } from '../../../common/messages/liveness';
import { CHALLENGE_TYPES } from '../../../main/liveness/config';
import { LIVENESS_FAILURES } from '../../../main/liveness/session';

describe('liveness messages', () => {
  it('every failure code has the person’s words in both languages, registered with the others', () => {
    for (const code of LIVENESS_FAILURES) {
      expect(personMessages[code], code).toBeDefined();
      expect(messageFor(code, 'zh-CN')).not.toBe(messageFor('INTERNAL', 'zh-CN'));
      expect(messageFor(code, 'en').length).toBeGreaterThan(10);
    }
  });

  it('every challenge has a prompt, and placeholders are filled', () => {
    for (const type of CHALLENGE_TYPES) expect(livenessPrompts[`liveness.challenge.${type}`]).toBeDefined();
    expect(formatLivenessPrompt('liveness.challenge.blink', 'en', { index: 1, total: 2 })).toBe(
      'Please blink (1/2)',
    );
    expect(formatLivenessPrompt('liveness.challenge.nod', 'zh-CN', { index: 2, total: 2 })).toBe(
      '请点点头（2/2）',
    );
    expect(formatLivenessPrompt('liveness.nope', 'en')).toBe('liveness.nope');
    for (const entry of Object.values(livenessPrompts)) expect(entry['zh-CN'] && entry.en).toBeTruthy();
  });
});
