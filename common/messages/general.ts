import type { MessageTable } from './types';

export const generalMessages = {
  INTERNAL: { 'zh-CN': '系统出现问题，请联系工作人员。', en: 'Something went wrong. Please ask a member of staff.' },
  BAD_REQUEST: { 'zh-CN': '请求无效，请重试。', en: 'The request was not valid. Please try again.' },
  FORBIDDEN: { 'zh-CN': '此操作不被允许。', en: 'This action is not allowed.' },
  UNAVAILABLE: { 'zh-CN': '服务暂不可用，请稍后重试或前往柜台办理。', en: 'The service is unavailable. Please try again later or go to the counter.' },
} as const satisfies MessageTable;
