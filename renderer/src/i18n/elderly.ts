// Elderly mode (长辈模式) texts: the attract button, the offer on the card screen, the call-staff button and the
// staff health line it lights up.
export const elderlyZhCN = {
  start: '长辈模式（大字、慢速）',
  on: '已开启长辈模式',
  offer: '为您开启长辈模式？字更大，时间更充裕，随时可呼叫工作人员。',
  accept: '开启长辈模式',
  callStaff: '呼叫工作人员',
  staffCalled: '已通知工作人员，请稍候',
  assistance: '有客户呼叫工作人员',
  assistanceStep: '步骤：{{step}}，{{time}}',
};

export const elderlyEn: typeof elderlyZhCN = {
  start: 'Senior mode (large text, slower)',
  on: 'Senior mode is on',
  offer: 'Turn on senior mode? Larger text, more time, and staff one tap away.',
  accept: 'Turn on senior mode',
  callStaff: 'Call staff',
  staffCalled: 'Staff have been told — please wait',
  assistance: 'A customer is calling for staff',
  assistanceStep: 'step: {{step}}, {{time}}',
};
