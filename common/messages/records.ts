// Person-facing messages for records, privacy and consent errors.
import type { MessageTable } from './types';

export const recordsMessages = {
  // The device environment is not the registered one and the deployment blocks (records.environment.onUntrusted).
  ENVIRONMENT_UNTRUSTED: {
    'zh-CN': '本终端需要维护，暂时无法办理核验。请前往柜台，工作人员将为您办理。',
    en: 'This terminal needs attention and cannot verify identities right now. Please go to the counter, where a member of staff will help you.',
  },
  AGREEMENT_NOT_FOUND: {
    'zh-CN': '暂时无法显示授权协议，请前往柜台办理。',
    en: 'The agreement cannot be shown right now. Please go to the counter.',
  },
  AGREEMENT_CATALOGUE_INVALID: {
    'zh-CN': '授权协议配置有误，请联系工作人员。',
    en: 'The agreement is not configured correctly. Please ask a member of staff.',
  },
  AGREEMENT_PLACEHOLDER_MISSING: {
    'zh-CN': '授权协议尚未配置完整，请联系工作人员。',
    en: 'The agreement is not fully configured. Please ask a member of staff.',
  },
  CONSENT_INVALID: {
    'zh-CN': '同意信息不完整，请重新阅读协议并确认。',
    en: 'Your consent is incomplete. Please read the agreement again and confirm.',
  },
  CONSENT_TEXT_MISMATCH: {
    'zh-CN': '协议内容已更新，请重新阅读后再确认。',
    en: 'The agreement has changed. Please read it again before you confirm.',
  },
  RECORDS_KEY_UNAVAILABLE: {
    'zh-CN': '记录存储暂不可用，请联系工作人员。',
    en: 'Record storage is unavailable. Please ask a member of staff.',
  },
  RECORDS_CORRUPT: {
    'zh-CN': '记录存储出现问题，请联系工作人员。',
    en: 'Record storage has a problem. Please ask a member of staff.',
  },
  RECORDS_CONFIG_INVALID: {
    'zh-CN': '记录存储配置有误，请联系工作人员。',
    en: 'Record storage is not configured correctly. Please ask a member of staff.',
  },
  AUDIT_BROKEN: {
    'zh-CN': '审计日志校验未通过，请联系工作人员。',
    en: 'The audit log failed verification. Please ask a member of staff.',
  },
  DSR_INVALID: {
    'zh-CN': '申请信息不完整或有误，请核对后重试。',
    en: 'The request is incomplete or wrong. Please check it and try again.',
  },
  DSR_NOT_FOUND: {
    'zh-CN': '未找到该申请。',
    en: 'That request was not found.',
  },
  DSR_NOT_CORRECTABLE: {
    'zh-CN': '该记录是凭证，不能更改；如需更正，请办理撤回同意或删除。',
    en: 'That record is evidence and cannot be changed; withdraw consent or delete instead.',
  },
  DSR_EXPORT_EXISTS: {
    'zh-CN': '副本刚刚已生成，请稍后再试。',
    en: 'A copy was written a moment ago. Please try again shortly.',
  },
  DSR_EXPORT_FAILED: {
    'zh-CN': '副本无法写入，请联系技术支持。',
    en: 'The copy could not be written. Please contact technical support.',
  },
  ID_NUMBER_INVALID: {
    'zh-CN': '身份证号码格式不正确，请核对后重试。',
    en: 'The ID number is not valid. Please check it and try again.',
  },
} as const satisfies MessageTable;
