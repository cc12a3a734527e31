// What a person (or the staff member at the kiosk) reads for the vision core's error codes.
import type { MessageTable } from './types';

export const visionMessages = {
  FACE_NOT_FOUND: {
    'zh-CN': '未检测到人脸，请正对摄像头。',
    en: 'No face was found. Please face the camera.',
  },
  IMAGE_DECODE: {
    'zh-CN': '无法读取该图片，请换一张照片。',
    en: 'The picture could not be read. Please use another photo.',
  },
  FRAME_INVALID: {
    'zh-CN': '摄像头画面异常，请联系工作人员。',
    en: 'The camera picture is not valid. Please ask a member of staff.',
  },
  VIDEO_INVALID: {
    'zh-CN': '视频文件无法读取。',
    en: 'The video file could not be read.',
  },
  MODEL_MANIFEST: {
    'zh-CN': '人脸识别模型配置有误，请联系工作人员。',
    en: 'The face model configuration is broken. Please ask a member of staff.',
  },
  MODEL_MISSING: {
    'zh-CN': '人脸识别模型缺失，请联系工作人员。',
    en: 'A face model is missing. Please ask a member of staff.',
  },
  MODEL_CHECKSUM: {
    'zh-CN': '人脸识别模型校验失败，请联系工作人员。',
    en: 'A face model failed its integrity check. Please ask a member of staff.',
  },
  MODEL_LOAD: {
    'zh-CN': '人脸识别模型无法加载，请联系工作人员。',
    en: 'A face model could not be loaded. Please ask a member of staff.',
  },
  VISION_WORKER_DIED: {
    'zh-CN': '人脸识别服务正在重启，请稍后重试。',
    en: 'Face recognition is restarting. Please try again in a moment.',
  },
  VISION_UNAVAILABLE: {
    'zh-CN': '人脸识别服务暂不可用，请前往柜台办理。',
    en: 'Face recognition is unavailable. Please go to the counter.',
  },
  EMBEDDING_INVALID: {
    'zh-CN': '人脸比对失败，请重试。',
    en: 'The face comparison failed. Please try again.',
  },
  CALIBRATION_INPUT: {
    'zh-CN': '校准数据文件有误。',
    en: 'The calibration file is not valid.',
  },
} as const satisfies MessageTable;
