// Streams the open camera's frames to main (FrameStreamer's pacing: one in flight, at most DEFAULT_MAX_FPS) while
// `active` holds and the camera is open; stops when either changes or the component leaves. Capture passes the
// colour-flash paint log, which then goes with every frame (flash-frames.ts); the intent question adds nothing.
import { useEffect } from 'react';
import type { FlashReport } from '../../../common/flash';
import { api } from '../api';
import { withFlashReport } from './flash-frames';
import { FrameStreamer } from './frame-streamer';
import type { CameraState } from './use-camera';
import { videoFrameSource } from './video-frame-source';

export function useFrameStream(
  state: CameraState,
  videoRef: React.RefObject<HTMLVideoElement | null>,
  active: boolean,
  /** The paint log to send with a frame grabbed now (useFlash's `report`); keep it stable, a new one restarts. */
  flashReport?: () => FlashReport | null,
): void {
  useEffect(() => {
    const video = videoRef.current;
    if (!active || state !== 'ok' || !video) return;
    const camera = videoFrameSource(video);
    const source = flashReport ? withFlashReport(camera, flashReport) : camera;
    const streamer = new FrameStreamer(source, (frame) => api.submitFrame(frame));
    streamer.start();
    return () => streamer.stop();
  }, [state, videoRef, active, flashReport]);
}
