// Person-facing messages when main refuses the camera a session uses (main/devices/camera).
import type { MessageTable } from './types';

const refused = {
  'zh-CN': '当前摄像头不能用于人脸核验，本次核验已结束，请联系工作人员。',
  en: 'This camera cannot be used for face verification. This verification has ended; please ask a member of staff.',
};

export const cameraMessages = {
  /** A virtual camera (OBS, v4l2loopback, ManyCam…): it can show anything, not only what is in front of it. */
  CAMERA_VIRTUAL: refused,
  /** Not one of the cameras this kiosk is configured to use (camera.allowed). */
  CAMERA_NOT_ALLOWED: refused,
  /** A file played as a camera (a test browser's fake camera), refused unless the config allows it. */
  CAMERA_FILE_SOURCE: refused,
  /** The frames came from another camera than the one the session started with. */
  CAMERA_SWITCHED: {
    'zh-CN': '核验过程中摄像头发生了变化，本次核验已结束，请联系工作人员。',
    en: 'The camera changed during the verification. This verification has ended; please ask a member of staff.',
  },
  /** A picture came back that the camera had already delivered: recorded footage playing in a loop. */
  CAMERA_REPLAYED: refused,
} as const satisfies MessageTable;
