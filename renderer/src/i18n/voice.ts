// Spoken guidance (issue 17): the words only spoken — the welcome, the consent summary, the result and idle prompts
// without the numbers a build-time recording cannot know — and the mute / volume control's labels. Every other
// prompt speaks a screen's own text (renderer/src/voice/prompt-texts.ts says which); scripts/gen-prompts.mjs turns
// them into audio at build time. Mounted under `voice` by zh-CN.ts and en.ts.
export const voiceZhCN = {
  welcome: '您好，欢迎使用核身自助终端。请按屏幕和语音提示，完成身份核验。',
  consentSummary:
    '开始前，请阅读屏幕上的协议。为核验是您本人，本机将读取您的身份证信息，并采集您的人脸照片，与证件照片比对。核验结果只发送给屏幕上写明的机构。协议全文显示在屏幕上。如果您不同意，本机不会采集您的信息，您可以前往人工柜台办理。',
  cardCheck: '请核对屏幕上的证件信息，确认是您本人的证件。',
  retry: '您可以点击“再试一次”重新核验，也可以前往人工柜台办理。',
  idle: '如果您还在，请点击屏幕上的“我还在，继续”。',
  // The control.
  control: '语音提示',
  mute: '静音',
  volume: '语音音量',
};

export const voiceEn: typeof voiceZhCN = {
  welcome:
    'Welcome to the Hexin identity verification kiosk. Please follow the screen and the spoken guidance to verify your identity.',
  consentSummary:
    'Before we start, please read the agreement on the screen. To check that it is you, this kiosk reads your ID card and takes a picture of your face to compare with the card photo. The result goes only to the organisation named on the screen. The full agreement is on the screen. If you do not agree, nothing is collected, and you can go to the staff counter instead.',
  cardCheck: 'Please check the card details on the screen and confirm that this is your card.',
  retry: 'You can tap “Try again” to check once more, or go to the staff counter.',
  idle: 'If you are still here, please tap “I am here, continue” on the screen.',
  control: 'Spoken guidance',
  mute: 'Mute',
  volume: 'Voice volume',
};
