// Screen texts of manual card entry in staff mode, in both languages (mounted under `manualEntry` by zh-CN.ts and
// en.ts; the English table is typed from the Chinese one).
export const manualEntryZhCN = {
  title: '手工录入证件',
  intro:
    '读卡器无法读取证件时，请核对实物证件（含有效期）后录入姓名和号码。手工录入没有芯片照片，人脸只与权威核验源的照片比对。',
  name: '姓名（与证件一致）',
  idNumber: '证件号码',
  submit: '录入并请客户确认',
  done: '已录入。请锁定工作人员模式，由客户在屏幕上确认证件信息。',
  when: '客户须已同意协议并停留在“放置证件”一步。',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const manualEntryEn: Widen<typeof manualEntryZhCN> = {
  title: 'Manual card entry',
  intro:
    "When the reader cannot read a card, check the physical card (including its validity) and type the name and number. There is no chip photo, so the face is compared with the authority's photo only.",
  name: 'Name (as on the card)',
  idNumber: 'ID number',
  submit: 'Enter it and let the customer confirm',
  done: 'Entered. Lock staff mode so the customer can confirm the card details on the screen.',
  when: 'The customer must have agreed and be at the "place your card" step.',
};
