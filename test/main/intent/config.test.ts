import { describe, expect, it } from 'vitest';
import { modeFor, parseIntentConfig } from '../../../main/intent/config';
import { IntentService } from '../../../main/intent/service';

const label = { 'zh-CN': '开立个人账户', en: 'open a personal account' };

describe('intent config', () => {
  it('is off by default, with no recogniser and a minimal evidence policy', () => {
    const c = parseIntentConfig(undefined);
    expect(c.enabled).toBe(false);
    expect(c.recogniser).toEqual({ kind: 'none' });
    expect(c.evidence.keep).toBe('decision');
    expect(modeFor(c, 'open-account')).toBe('off');
  });

  it('switches the step on per purpose', () => {
    const c = parseIntentConfig({
      enabled: true,
      purposes: { 'open-account': { mode: 'read-aloud', label } },
    });
    expect(modeFor(c, 'open-account')).toBe('read-aloud');
    expect(modeFor(c, 'withdraw')).toBe('off');
    const off = parseIntentConfig({ enabled: false, purposes: { 'open-account': { mode: 'both', label } } });
    expect(modeFor(off, 'open-account')).toBe('off');
  });

  it('takes a remote recogniser with defaults and rejects a non-http URL', () => {
    const c = parseIntentConfig({ recogniser: { kind: 'remote', url: 'https://asr.bank.example/v1' } });
    expect(c.recogniser).toMatchObject({ kind: 'remote', timeoutMs: 8000 });
    expect(() => parseIntentConfig({ recogniser: { kind: 'remote', url: 'file:///etc/passwd' } })).toThrow(
      expect.objectContaining({ code: 'INTENT_CONFIG_INVALID' }),
    );
  });

  it('allows plain http to loopback only: the audio is personal data', () => {
    expect(
      parseIntentConfig({ recogniser: { kind: 'remote', url: 'http://127.0.0.1:8080/asr' } }).recogniser.kind,
    ).toBe('remote');
    expect(
      parseIntentConfig({ recogniser: { kind: 'remote', url: 'http://localhost/asr' } }).recogniser.kind,
    ).toBe('remote');
    expect(() =>
      parseIntentConfig({ recogniser: { kind: 'remote', url: 'http://asr.bank.example/v1' } }),
    ).toThrow(
      expect.objectContaining({ code: 'INTENT_CONFIG_INVALID', message: expect.stringMatching(/https/) }),
    );
  });

  it('rejects out-of-range tolerances and inconsistent bounds with a config error', () => {
    for (const bad of [
      { cerTolerance: 2 },
      { digits: 1 },
      { minAudioMs: 9000, maxAudioMs: 8000 },
      { recogniser: { kind: 'cloud' } },
      { fixedDigits: '12' },
      { fixedDigits: '12a4' },
      { attempts: 0 },
      { attempts: 6 },
    ]) {
      expect(() => parseIntentConfig(bad)).toThrow(
        expect.objectContaining({ code: 'INTENT_CONFIG_INVALID' }),
      );
    }
  });

  it('picks random digits unless a test fixture fixes them, and allows 3 read-aloud attempts by default', () => {
    const purposes = {
      p: { mode: 'read-aloud', label: { 'zh-CN': '开户', en: 'open an account' } },
    } as const;
    const random = new IntentService(parseIntentConfig({ enabled: true, purposes }), { recogniser: null });
    const fixed = new IntentService(parseIntentConfig({ enabled: true, purposes, fixedDigits: '4012' }), {
      recogniser: null,
    });
    expect(parseIntentConfig({}).attempts).toBe(3);
    expect(parseIntentConfig({}).fixedDigits).toBeUndefined();
    const seen = new Set<string>();
    const randomDialog = random.open({ sessionId: 's', purpose: 'p' });
    for (let i = 0; i < 6; i++) seen.add(randomDialog.readAloud('zh-CN').text);
    expect(seen.size).toBeGreaterThan(1);
    const fixedDialog = fixed.open({ sessionId: 's', purpose: 'p' });
    expect(fixedDialog.readAloud('zh-CN').text).toBe('本人自愿办理开户，确认码 4 0 1 2。');
    // Still single use: each call gets a fresh id even with the same words.
    expect(fixedDialog.readAloud('zh-CN').promptId).not.toBe(fixedDialog.readAloud('zh-CN').promptId);
  });
});
