// Liveness: the person's words for each liveness failure code (livenessMessages, registered in index.ts), and
// the prompt texts the renderer shows during the check (livenessPrompts, keyed by the i18n key the
// LivenessSession puts in each step; `{index}`/`{total}` are filled from the step's params).
import type { Language, MessageTable, PersonMessage } from './types';

export const livenessMessages = {
  LIVENESS_CONFIG: {
    'zh-CN': '活体检测配置有误，请联系工作人员。',
    en: 'Liveness settings are invalid. Please ask a member of staff.',
  },
  LIVENESS_INPUT: { 'zh-CN': '无法读取视频或图片。', en: 'The video or pictures could not be read.' },
  LIVENESS_NO_FACE: {
    'zh-CN': '未能检测到人脸，请正对摄像头。',
    en: 'No face was found. Please face the camera.',
  },
  LIVENESS_MULTIPLE_FACES: {
    'zh-CN': '画面中只能有一个人，请其他人离开。',
    en: 'Only one person may be in view. Please ask others to step away.',
  },
  LIVENESS_FACE_LOST: {
    'zh-CN': '人脸离开了画面，请重新开始。',
    en: 'Your face left the picture. Please start again.',
  },
  LIVENESS_FACE_CHANGED: {
    'zh-CN': '检测过程中人脸发生变化，请本人重新开始。',
    en: 'The face changed during the check. Please start again yourself.',
  },
  LIVENESS_CHALLENGE_TIMEOUT: {
    'zh-CN': '未在规定时间内完成动作，请重试。',
    en: 'The action was not completed in time. Please try again.',
  },
  LIVENESS_TOO_SLOW: {
    'zh-CN': '动作太慢，请按提示自然地完成动作。',
    en: 'The action was too slow. Please do it naturally when asked.',
  },
  LIVENESS_WRONG_DIRECTION: {
    'zh-CN': '转头方向不对，请按提示的方向转头。',
    en: 'You turned the wrong way. Please turn in the direction shown.',
  },
  LIVENESS_PASSIVE_SPOOF: {
    'zh-CN': '未通过活体检测，请本人直接面对摄像头。',
    en: 'The liveness check did not pass. Please face the camera in person.',
  },
  LIVENESS_PASSIVE_NO_SCORES: {
    'zh-CN': '画面不足以完成活体检测，请保持正对摄像头。',
    en: 'Not enough clear pictures for the liveness check. Please keep facing the camera.',
  },
  LIVENESS_REFLECT_MISMATCH: {
    'zh-CN': '未通过活体检测，请本人直接面对屏幕。',
    en: 'The liveness check did not pass. Please face the screen in person.',
  },
  LIVENESS_REFLECT_TIMING: {
    'zh-CN': '屏幕未能按要求显示颜色，请联系工作人员。',
    en: 'The screen could not show the colour check properly. Please ask a member of staff.',
  },
  LIVENESS_FROZEN_FEED: {
    'zh-CN': '摄像头画面停止了，请联系工作人员。',
    en: 'The camera picture stopped. Please ask a member of staff.',
  },
  LIVENESS_TIMESTAMP: {
    'zh-CN': '摄像头画面异常，请联系工作人员。',
    en: 'The camera picture is not valid. Please ask a member of staff.',
  },
  LIVENESS_FRAME_GAP: {
    'zh-CN': '摄像头画面中断，请重新开始。',
    en: 'The camera picture was interrupted. Please start again.',
  },
  LIVENESS_NONCE_MISMATCH: {
    'zh-CN': '摄像头画面异常，请联系工作人员。',
    en: 'The camera picture is not valid. Please ask a member of staff.',
  },
  LIVENESS_TIMEOUT: {
    'zh-CN': '活体检测超时，请重试。',
    en: 'The liveness check took too long. Please try again.',
  },
} as const satisfies MessageTable;

/** Prompt texts for the steps of a liveness check (i18n keys from LivenessSession steps). */
export const livenessPrompts = {
  'liveness.position': { 'zh-CN': '请正对摄像头，保持不动', en: 'Please face the camera and hold still' },
  'liveness.guide.NO_FACE': { 'zh-CN': '请将面部移入画面', en: 'Please move your face into the picture' },
  'liveness.guide.MOVE_CLOSER': { 'zh-CN': '请靠近一点', en: 'Please come a little closer' },
  'liveness.guide.MOVE_BACK': { 'zh-CN': '请稍微后退', en: 'Please move back a little' },
  'liveness.guide.CENTER_FACE': {
    'zh-CN': '请将面部移到画面中央',
    en: 'Please centre your face in the picture',
  },
  'liveness.guide.TOO_DARK': { 'zh-CN': '光线太暗', en: 'It is too dark' },
  'liveness.guide.TOO_BRIGHT': { 'zh-CN': '光线太亮', en: 'It is too bright' },
  'liveness.guide.HOLD_STILL': { 'zh-CN': '请保持不动', en: 'Please hold still' },
  'liveness.guide.ONE_FACE_ONLY': { 'zh-CN': '画面中只能有一个人', en: 'Only one person may be in view' },
  'liveness.guide.LOOK_STRAIGHT': { 'zh-CN': '请正视摄像头', en: 'Please look straight at the camera' },
  'liveness.guide.OPEN_EYES': { 'zh-CN': '请睁开眼睛', en: 'Please open your eyes' },
  'liveness.guide.OK': { 'zh-CN': '很好，请保持', en: 'Good, hold it there' },
  'liveness.challenge.blink': {
    'zh-CN': '请眨眨眼（{index}/{total}）',
    en: 'Please blink ({index}/{total})',
  },
  'liveness.challenge.turn-left': {
    'zh-CN': '请向左转头，再转回来（{index}/{total}）',
    en: 'Please turn your head to your left, then back ({index}/{total})',
  },
  'liveness.challenge.turn-right': {
    'zh-CN': '请向右转头，再转回来（{index}/{total}）',
    en: 'Please turn your head to your right, then back ({index}/{total})',
  },
  'liveness.challenge.nod': { 'zh-CN': '请点点头（{index}/{total}）', en: 'Please nod ({index}/{total})' },
  'liveness.challenge.open-mouth': {
    'zh-CN': '请张张嘴，再合上（{index}/{total}）',
    en: 'Please open your mouth, then close it ({index}/{total})',
  },
  'liveness.retry.too-slow': {
    'zh-CN': '动作慢了一点，请再做一次，做完回到正面',
    en: 'A little too slow — please do it again, then face the camera',
  },
  'liveness.reflect': {
    'zh-CN': '请保持不动，看着屏幕，屏幕将变换几种颜色',
    en: 'Please hold still and keep looking at the screen while it changes colour',
  },
  'liveness.hold': { 'zh-CN': '请保持不动', en: 'Please hold still' },
  'liveness.passed': { 'zh-CN': '活体检测通过', en: 'Liveness check passed' },
  'liveness.failed': { 'zh-CN': '活体检测未通过', en: 'Liveness check did not pass' },
} as const satisfies MessageTable;

export type LivenessPromptKey = keyof typeof livenessPrompts;

/** A prompt's text in `lang` with `{name}` placeholders filled from `params` (unknown keys give the key back). */
export function formatLivenessPrompt(
  key: string,
  lang: Language,
  params: Record<string, string | number> = {},
): string {
  const entry: PersonMessage | undefined = (livenessPrompts as MessageTable)[key];
  if (!entry) return key;
  return entry[lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
