// What a person (or operator) reads when the intent-confirmation step (意愿确认) fails: read-aloud and nod/shake.
import type { MessageTable } from './types';

export const intentMessages = {
  INTENT_AUDIO_INVALID: {
    'zh-CN': '录音无效，请重新朗读。',
    en: 'The recording could not be used. Please read the sentence again.',
  },
  INTENT_AUDIO_TOO_SHORT: {
    'zh-CN': '录音太短，请完整朗读屏幕上的句子。',
    en: 'The recording was too short. Please read the whole sentence on the screen.',
  },
  INTENT_AUDIO_TOO_LONG: {
    'zh-CN': '录音时间过长，请重新朗读。',
    en: 'The recording was too long. Please read the sentence again.',
  },
  INTENT_NO_SPEECH: {
    'zh-CN': '没有听到您的声音，请靠近麦克风大声朗读。',
    en: 'We could not hear you. Please come closer to the microphone and read aloud.',
  },
  INTENT_SPEECH_TOO_SHORT: {
    'zh-CN': '朗读时间太短，请完整朗读屏幕上的句子。',
    en: 'You spoke for too short a time. Please read the whole sentence.',
  },
  INTENT_SPEECH_TOO_LONG: {
    'zh-CN': '朗读时间过长，请只朗读屏幕上的句子。',
    en: 'You spoke for too long. Please read only the sentence on the screen.',
  },
  INTENT_CONTENT_MISMATCH: {
    'zh-CN': '朗读内容与屏幕上的句子不一致，请重新朗读。',
    en: 'What you read did not match the sentence on the screen. Please try again.',
  },
  INTENT_DIGITS_MISMATCH: {
    'zh-CN': '朗读的数字与屏幕上的不一致，请逐个读出数字。',
    en: 'The digits you read did not match. Please read each digit on the screen.',
  },
  INTENT_MIC_UNAVAILABLE: {
    'zh-CN': '无法使用麦克风，无法完成朗读确认。请前往柜台，由工作人员为您办理。',
    en: 'The microphone cannot be used, so the read-aloud confirmation cannot be done here. Please go to the staff counter.',
  },
  INTENT_BINDING_NO_SPEECH: {
    'zh-CN': '朗读时摄像头没有拍到画面，请面向摄像头重新朗读。',
    en: 'The camera saw nothing while you read. Please face the camera and read again.',
  },
  INTENT_BINDING_NO_FACE: {
    'zh-CN': '朗读时请保持面部在画面中，请面向摄像头重新朗读。',
    en: 'Please keep your face in view while you read, and read the sentence again.',
  },
  INTENT_BINDING_FACE_CHANGED: {
    'zh-CN': '须由本人朗读，请本人面向摄像头重新朗读。',
    en: 'The sentence must be read by you. Please face the camera and read it yourself.',
  },
  INTENT_BINDING_MOUTH_STILL: {
    'zh-CN': '未看到您朗读时的口型，请面向摄像头亲自朗读。',
    en: 'We could not see your lips move while the sentence was read. Please face the camera and read it yourself.',
  },
  INTENT_BINDING_SYLLABLES: {
    'zh-CN': '听到的字数与屏幕上的句子不符，请完整朗读屏幕上的句子。',
    en: 'What we heard does not fit the sentence on the screen. Please read the whole sentence.',
  },
  INTENT_CHALLENGE_UNKNOWN: {
    'zh-CN': '朗读内容已过期，请重新开始。',
    en: 'This sentence has expired. Please start again.',
  },
  INTENT_DECLINED: {
    'zh-CN': '您选择了“否”，本次业务已结束。如需帮助，请前往柜台。',
    en: 'You answered "no", so this service has ended. Please go to the counter if you need help.',
  },
  INTENT_NO_ANSWER: {
    'zh-CN': '未能看清您的回答（点头表示“是”，摇头表示“否”）。',
    en: 'We could not see your answer (a nod for "yes", a head shake for "no").',
  },
  INTENT_CANCELLED: {
    'zh-CN': '本次操作已取消。',
    en: 'This step was cancelled.',
  },
  INTENT_NOT_ENABLED: {
    'zh-CN': '本业务无需意愿确认。',
    en: 'This service does not need an intent confirmation.',
  },
  INTENT_CONFIG_INVALID: {
    'zh-CN': '意愿确认设置有误，请联系工作人员。',
    en: 'The intent confirmation settings are not valid. Please ask a member of staff.',
  },
  ASR_UNAVAILABLE: {
    'zh-CN': '语音识别服务暂不可用，请稍后重试或前往柜台办理。',
    en: 'Speech recognition is unavailable. Please try again later or go to the counter.',
  },
  ASR_TIMEOUT: {
    'zh-CN': '语音识别超时，请稍后重试。',
    en: 'Speech recognition took too long. Please try again later.',
  },
  ASR_BAD_REPLY: {
    'zh-CN': '语音识别服务返回异常，请联系工作人员。',
    en: 'The speech recognition service replied with something unexpected. Please ask a member of staff.',
  },
  VAD_MODEL_MISSING: {
    'zh-CN': '语音检测模型缺失，请联系工作人员。',
    en: 'The voice detection model is missing. Please ask a member of staff.',
  },
  VAD_FAILED: {
    'zh-CN': '语音检测出现问题，请重试。',
    en: 'Voice detection failed. Please try again.',
  },
} as const satisfies MessageTable;
