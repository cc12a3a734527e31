// What a person (or the staff member helping them) reads when the ID-card reader or a card fails.
// Codes come from main/devices/idcard (frame codec, SAM status table, driver, photo decoders, manual entry).
// ID_NUMBER_INVALID is shared with records (common/messages/records.ts) and not repeated here.
import type { MessageTable } from './types';

const cardAgain = {
  'zh-CN': '读卡失败，请将身份证平放在读卡区，不要移动。',
  en: 'The card could not be read. Place it flat on the reader and hold it still.',
};
const readerFault = {
  'zh-CN': '读卡器出现故障，请联系工作人员。',
  en: 'The card reader has a problem. Please ask a member of staff.',
};
const readerData = {
  'zh-CN': '读卡器返回的数据有误，请重新放卡。',
  en: 'The card reader sent damaged data. Please place the card again.',
};
const photoFault = {
  'zh-CN': '无法读取证件照片，请联系工作人员。',
  en: 'The photo on the card could not be read. Please ask a member of staff.',
};

export const readerMessages = {
  READER_NOT_FOUND: {
    'zh-CN': '未检测到读卡器，请联系工作人员。',
    en: 'No card reader was found. Please ask a member of staff.',
  },
  READER_DISCONNECTED: {
    'zh-CN': '读卡器已断开，请联系工作人员。',
    en: 'The card reader was disconnected. Please ask a member of staff.',
  },
  READER_TIMEOUT: {
    'zh-CN': '读卡器无响应，请稍候或联系工作人员。',
    en: 'The card reader is not responding. Please wait or ask a member of staff.',
  },
  READER_OPEN_FAILED: readerFault,
  READER_COMMUNICATION: readerFault,
  FRAME_TRUNCATED: readerData,
  FRAME_PREAMBLE: readerData,
  FRAME_TOO_LONG: readerData,
  FRAME_TRAILING_BYTES: readerData,
  FRAME_FILE_INVALID: { 'zh-CN': '文件不是有效的读卡数据。', en: 'The file is not valid reader data.' },
  HEX_INVALID: { 'zh-CN': '十六进制数据格式不正确。', en: 'The hex data is not valid.' },
  CARD_CHECKSUM: readerData,
  CARD_LAYOUT: {
    'zh-CN': '证件数据格式无法识别，请前往柜台办理。',
    en: 'The card data is in a format we cannot read. Please go to the counter.',
  },
  CARD_NOT_FOUND: { 'zh-CN': '请将身份证放在读卡区。', en: 'Please place your ID card on the reader.' },
  CARD_SELECT_FAILED: cardAgain,
  CARD_READ_FAILED: cardAgain,
  CARD_AUTH_FAILED: {
    'zh-CN': '证件验证未通过，请前往柜台办理。',
    en: 'The card could not be verified. Please go to the counter.',
  },
  CARD_VERIFY_FAILED: {
    'zh-CN': '证件信息校验失败，请前往柜台办理。',
    en: 'The card information failed its check. Please go to the counter.',
  },
  CARD_TYPE_UNKNOWN: {
    'zh-CN': '不支持此类证件，请使用居民身份证、外国人永久居留身份证或港澳台居民居住证。',
    en: 'This card type is not supported. Please use a resident ID card, a foreigner permanent residence card or a HK/Macau/Taiwan residence permit.',
  },
  CARD_ITEM_ABSENT: cardAgain,
  CARD_SPEC_INVALID: { 'zh-CN': '模拟证件信息不正确。', en: 'The simulated card details are not valid.' },
  SAM_HOST_CHECKSUM: readerFault,
  SAM_HOST_LENGTH: readerFault,
  SAM_COMMAND_ERROR: readerFault,
  SAM_NOT_PERMITTED: readerFault,
  SAM_UNRECOGNISED_ERROR: readerFault,
  SAM_SELF_TEST_FAILED: readerFault,
  SAM_NOT_AUTHORISED: readerFault,
  SAM_STATUS_UNKNOWN: readerFault,
  SAM_STATUS_UNEXPECTED: readerFault,
  SAM_ID_INVALID: readerFault,
  PHOTO_DECODER_MISSING: photoFault,
  PHOTO_FORMAT_UNKNOWN: photoFault,
  PHOTO_DECODE_FAILED: photoFault,
  PHOTO_FILE_UNREADABLE: { 'zh-CN': '照片文件无法读取。', en: 'The photo file could not be read.' },
  PHOTO_TOO_COMPLEX: {
    'zh-CN': '照片无法压缩到证件照大小。',
    en: 'The photo could not be compressed to card size.',
  },
  MANUAL_NAME_INVALID: {
    'zh-CN': '姓名格式不正确，请核对后重新输入。',
    en: 'The name is not valid. Please check it and enter it again.',
  },
  READER_CONFIG_INVALID: {
    'zh-CN': '读卡器配置有误，请联系工作人员。',
    en: 'The card reader configuration is not valid. Please ask a member of staff.',
  },
  SIM_FAULT_UNKNOWN: { 'zh-CN': '未知的模拟故障类型。', en: 'Unknown simulated fault.' },
} as const satisfies MessageTable;
