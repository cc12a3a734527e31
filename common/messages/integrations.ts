// Person-facing words for the outward-facing parts: the authority check (MPS photo comparison and other
// verification providers), signed third-party results and their delivery, and the business-app API.
// Codes are thrown as HexinError by main/verify/authority, main/verify/delivery and main/api.
import type { MessageTable } from './types';

const tryCounter = {
  'zh-CN': '请稍后重试或前往柜台办理。',
  en: 'Please try again later or go to the counter.',
} as const;

export const integrationsMessages = {
  AUTHORITY_NO_PHOTO: {
    'zh-CN': '核验机构没有您的证件照片，无法完成人脸比对，请前往柜台办理。',
    en: 'The verification authority has no photo on file for you, so the face check cannot be completed. Please go to the counter.',
  },
  AUTHORITY_TIMEOUT: {
    'zh-CN': `核验机构响应超时，${tryCounter['zh-CN']}`,
    en: `The verification authority did not answer in time. ${tryCounter.en}`,
  },
  AUTHORITY_UNAVAILABLE: {
    'zh-CN': `核验机构暂不可用，${tryCounter['zh-CN']}`,
    en: `The verification authority is unavailable. ${tryCounter.en}`,
  },
  AUTHORITY_CIRCUIT_OPEN: {
    'zh-CN': `核验机构暂不可用，${tryCounter['zh-CN']}`,
    en: `The verification authority is unavailable. ${tryCounter.en}`,
  },
  AUTHORITY_BAD_REPLY: {
    'zh-CN': `核验机构返回了无法识别的结果，${tryCounter['zh-CN']}`,
    en: `The verification authority sent an answer the kiosk could not read. ${tryCounter.en}`,
  },
  AUTHORITY_REJECTED: {
    'zh-CN': '核验机构拒绝了本次请求，请联系工作人员。',
    en: 'The verification authority refused the request. Please ask a member of staff.',
  },
  AUTHORITY_BAD_INPUT: {
    'zh-CN': '证件信息不完整，无法提交核验，请重新读取证件。',
    en: 'The card details are incomplete and cannot be checked. Please place your card again.',
  },
  INTEGRATIONS_CONFIG_INVALID: {
    'zh-CN': '终端配置有误，请联系工作人员。',
    en: 'The kiosk is not configured correctly. Please ask a member of staff.',
  },
  SIGNING_KEY_INVALID: {
    'zh-CN': '终端签名密钥不可用，请联系工作人员。',
    en: 'The kiosk signing key is not usable. Please ask a member of staff.',
  },
  SIGNING_KEY_PERMISSIONS: {
    'zh-CN': '终端签名密钥文件权限不安全，请联系工作人员。',
    en: 'The kiosk signing key file is not protected. Please ask a member of staff.',
  },
  RESULT_TOKEN_INVALID: {
    'zh-CN': '核验结果凭证无效。',
    en: 'The verification result token is not valid.',
  },
  RESULT_TOKEN_EXPIRED: {
    'zh-CN': '核验结果凭证已过期。',
    en: 'The verification result token has expired.',
  },
  THIRD_PARTY_UNKNOWN: {
    'zh-CN': '未找到您授权的业务方，请联系工作人员。',
    en: 'The business you authorised is not known to this kiosk. Please ask a member of staff.',
  },
  DELIVERY_FAILED: {
    'zh-CN': '核验结果暂未送达业务方，终端会自动重试。',
    en: 'The result has not reached the business yet; the kiosk will keep trying.',
  },
  OUTBOX_CORRUPT: {
    'zh-CN': '终端存储出现问题，请联系工作人员。',
    en: 'The kiosk storage has a problem. Please ask a member of staff.',
  },
  API_UNAUTHORIZED: { 'zh-CN': '请求未授权。', en: 'The request is not authorised.' },
  API_FORBIDDEN: { 'zh-CN': '此操作不被允许。', en: 'This action is not allowed.' },
  API_BAD_REQUEST: { 'zh-CN': '请求无效。', en: 'The request was not valid.' },
  API_NOT_FOUND: { 'zh-CN': '未找到该核验。', en: 'No such verification.' },
  API_BUSY: {
    'zh-CN': '终端正在为他人办理，请稍后再试。',
    en: 'The kiosk is serving someone else. Please try again shortly.',
  },
} as const satisfies MessageTable;
