// Every reason, unchecked check and mode main can put in the environment health has words in both languages
// (the staff panel never shows ⟦environment.reason.X⟧), and the refusal has words for the person.
import { describe, expect, it } from 'vitest';
import { ENVIRONMENT_MODES, ENVIRONMENT_REASONS, ENVIRONMENT_UNCHECKED } from '../../../common/environment';
import { environmentHealthSchema } from '../../../common/health';
import { personMessages } from '../../../common/messages';
import { environmentEn, environmentZhCN } from '../../../renderer/src/i18n/environment';
import { expectEveryText } from './text-tables';

const keys = [
  ...ENVIRONMENT_REASONS.map((r) => `reason.${r}`),
  ...ENVIRONMENT_UNCHECKED.map((u) => `unchecked.${u}`),
  ...ENVIRONMENT_MODES.map((m) => `mode.${m}`),
  ...['name', 'trusted', 'untrusted', 'notCheckedYet', 'blocking', 'skew'],
  ...['title', 'body', 'counter'].map((k) => `attention.${k}`),
];

describe('environment texts', () => {
  it('the health schema allows exactly the shared reason and check lists', () => {
    expect(environmentHealthSchema.shape.reasons.element.options).toEqual([...ENVIRONMENT_REASONS]);
    expect(environmentHealthSchema.shape.unchecked.element.options).toEqual([...ENVIRONMENT_UNCHECKED]);
  });

  it.each([
    ['zh-CN', environmentZhCN],
    ['en', environmentEn],
  ] as const)('%s has every text', (_lang, table) => {
    expectEveryText(table, keys);
  });

  it('the refused start has words for the person in both languages', () => {
    expect(personMessages.ENVIRONMENT_UNTRUSTED?.['zh-CN']).toMatch(/柜台/);
    expect(personMessages.ENVIRONMENT_UNTRUSTED?.en).toMatch(/counter/);
  });
});
