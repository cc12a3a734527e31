// Person-facing messages of the session orchestrator and the app config (main/session, main/config).
import type { MessageTable } from './types';

export const sessionMessages = {
  SESSION_NOT_ACTIVE: {
    'zh-CN': '当前没有进行中的核验，请从首页重新开始。',
    en: 'No verification is in progress. Please start again from the home screen.',
  },
  SESSION_WRONG_STEP: {
    'zh-CN': '该操作在当前步骤不可用，请按屏幕提示操作。',
    en: 'That is not possible at this step. Please follow the instructions on the screen.',
  },
  SESSION_BAD_COMMAND: { 'zh-CN': '操作无效，请重试。', en: 'That action was not valid. Please try again.' },
  CONSENT_INCOMPLETE: {
    'zh-CN': '请阅读完协议，并勾选同意及敏感个人信息处理确认后再继续。',
    en: 'Please read the agreement to the end and tick both the agreement and the sensitive-information confirmation.',
  },
  CONSENT_STALE: {
    'zh-CN': '协议内容已更新，请重新阅读。',
    en: 'The agreement has changed. Please read it again.',
  },
  SESSION_CARD_REMOVED: {
    'zh-CN': '身份证已被取走，本次核验已结束，您的信息已清除。',
    en: 'The ID card was removed. This verification has ended and your information has been cleared.',
  },
  SESSION_CARD_EXPIRED: {
    'zh-CN': '该身份证已过有效期，请使用有效证件或前往柜台办理。',
    en: 'This ID card has expired. Please use a valid card or go to the staff counter.',
  },
  SESSION_CARD_LOCKED: {
    'zh-CN': '该证件核验失败次数过多，已暂时锁定，请稍后再试或前往柜台办理。',
    en: 'Too many failed attempts with this card. It is locked for a while; please try later or go to the staff counter.',
  },
  SESSION_CARD_INVALID: {
    'zh-CN': '无法识别该证件的信息，请前往柜台办理。',
    en: 'The details on this card cannot be used. Please go to the staff counter.',
  },
  SESSION_REFERENCE_UNUSABLE: {
    'zh-CN': '无法使用证件照片进行比对，请前往柜台办理。',
    en: 'The photo on the card cannot be used for comparison. Please go to the staff counter.',
  },
  SESSION_ANALYSIS_FAILED: {
    'zh-CN': '人脸识别暂时不可用，请稍后重试或前往柜台办理。',
    en: 'Face checking is not available right now. Please try again later or go to the staff counter.',
  },
  SESSION_TIMEOUT: {
    'zh-CN': '操作超时，本次核验已结束，您的信息已清除。',
    en: 'Time ran out. This verification has ended and your information has been cleared.',
  },
  CONFIG_INVALID: {
    'zh-CN': '终端配置有误，请联系工作人员。',
    en: 'The kiosk is not configured correctly. Please ask a member of staff.',
  },
  CONFIG_UNREADABLE: {
    'zh-CN': '无法读取终端配置，请联系工作人员。',
    en: 'The kiosk configuration cannot be read. Please ask a member of staff.',
  },
  STAFF_PIN_INVALID: { 'zh-CN': '工作人员密码不正确。', en: 'The staff PIN is not correct.' },
} as const satisfies MessageTable;
