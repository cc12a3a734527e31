// Every value the requests console turns into words has a text in both languages, and every error code the DSR
// methods can answer with has words for the person (the console never shows a raw code).
import { describe, expect, it } from 'vitest';
import { DSR_KINDS, dsrReceiptSummarySchema, dsrRequestViewSchema } from '../../../common/dsr';
import { personMessages } from '../../../common/messages';
import { dsrEn, dsrZhCN } from '../../../renderer/src/i18n/dsr';
import { expectEveryText } from './text-tables';

const keys = [
  ...DSR_KINDS.map((k) => `kind.${k}`),
  ...dsrRequestViewSchema.shape.status.options.map((s) => `status.${s}`),
  ...(['format', 'check', 'birth-date'] as const).map((p) => `idError.${p}`),
  ...dsrReceiptSummarySchema.shape.decision.options.map((d) => `held.decision.${d}`),
  ...['receipt', 'verification', 'subject-link', 'summary', 'environment', 'other'].map(
    (k) => `held.recordKind.${k}`,
  ),
  ...['locate', 'export', 'correct', 'erase', 'withdraw'].map((a) => `detail.${a}`),
  'confirm.erase',
  'confirm.withdraw',
];

describe('requests console texts', () => {
  it.each([
    ['zh-CN', dsrZhCN],
    ['en', dsrEn],
  ] as const)('%s has every text', (_lang, table) => {
    expectEveryText(table, keys);
  });

  it('has person-facing words for every code the DSR methods answer with', () => {
    for (const code of [
      'STAFF_LOCKED',
      'BAD_REQUEST',
      'DSR_INVALID',
      'DSR_NOT_FOUND',
      'DSR_NOT_CORRECTABLE',
      'DSR_EXPORT_EXISTS',
      'DSR_EXPORT_FAILED',
      'ID_NUMBER_INVALID',
    ]) {
      expect(personMessages[code], code).toBeDefined();
    }
  });
});
