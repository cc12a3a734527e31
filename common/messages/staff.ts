import type { MessageTable } from './types';

export const staffMessages = {
  STAFF_LOCKED: { 'zh-CN': '请先由工作人员解锁管理模式。', en: 'Staff mode must be unlocked first.' },
  STAFF_PIN_NOT_SET: {
    'zh-CN': '未设置管理密码，无法进入管理模式。',
    en: 'No staff PIN is set; staff mode is unavailable.',
  },
  STAFF_PIN_WRONG: { 'zh-CN': '密码错误，请重试。', en: 'Wrong PIN. Please try again.' },
  STAFF_PIN_BLOCKED: {
    'zh-CN': '密码错误次数过多，请稍后再试。',
    en: 'Too many wrong PINs. Please wait and try again.',
  },
  MANUAL_ENTRY_NEEDS_AUTHORITY: {
    'zh-CN':
      '未配置权威核验源，无法手工录入证件：手工录入没有芯片照片可供比对。请使用读卡器或在柜台人工核验。',
    en: 'Manual card entry needs an authority source: there is no chip photo to compare with. Use the reader or verify at the counter.',
  },
  SIMULATOR_UNAVAILABLE: { 'zh-CN': '当前未使用模拟阅读器。', en: 'The simulated reader is not in use.' },
} as const satisfies MessageTable;
