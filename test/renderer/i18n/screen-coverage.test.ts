// Every value main may put in a SessionView that a screen turns into words has a text in both languages, so a new
// enum value in common/session.ts fails here instead of showing ⟦key⟧ on a kiosk.
import { describe, expect, it } from 'vitest';
import {
  guidanceCodeSchema,
  intentAnswerGuidanceSchema,
  intentViewSchema,
  maskedCardSummarySchema,
  readerStatusSchema,
  resultReasonSchema,
  resultViewSchema,
} from '../../../common/session';
import { en } from '../../../renderer/src/i18n/en';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';
import { expectEveryText, lookup } from './text-tables';

const keys: string[] = [
  ...guidanceCodeSchema.options.map((g) => `capture.guidance.${g}`),
  ...readerStatusSchema.options.map((s) => `card.reader.${s}`),
  ...maskedCardSummarySchema.shape.cardType.options.map((c) => `card.types.${c}`),
  ...resultReasonSchema.options.map((r) => `result.reason.${r}`),
  ...resultViewSchema.shape.next.options.map((n) => `result.next.${n}`),
  // The retry offer is shown as a failed result whose next step is "try again".
  'result.next.retry',
  ...(['missing', 'denied', 'error'] as const).map((s) => `camera.${s}`),
  // The intent question answered by head: what the camera sees, which gesture is under way.
  ...intentAnswerGuidanceSchema.options.map((g) => `intent.answerGuidance.${g}`),
  ...intentViewSchema.shape.answer
    .unwrap()
    .shape.leading.unwrap()
    .options.map((l) => `intent.answerLeading.${l}`),
];

describe('screen texts cover every view value', () => {
  it.each([
    ['zh-CN', zhCN],
    ['en', en],
  ] as const)('%s', (_lang, table) => {
    expectEveryText(table, keys);
  });

  it('the retry text shows how many tries are left', () => {
    expect(lookup(zhCN, 'result.next.retry')).toContain('{{n}}');
    expect(lookup(en, 'result.next.retry')).toContain('{{n}}');
  });
});
