// Streams the open camera's frames to main (FrameStreamer's pacing: one in flight, at most DEFAULT_MAX_FPS) while
// `active` holds and the camera is open; stops when either changes or the component leaves. For screens whose
// frames need nothing added (the intent question); Capture adds the colour-flash paint log to its source.
import { useEffect } from 'react';
import { api } from '../api';
import { FrameStreamer } from './frame-streamer';
import type { CameraState } from './use-camera';
import { videoFrameSource } from './video-frame-source';

export function useFrameStream(
  state: CameraState,
  videoRef: React.RefObject<HTMLVideoElement | null>,
  active: boolean,
): void {
  useEffect(() => {
    const video = videoRef.current;
    if (!active || state !== 'ok' || !video) return;
    const streamer = new FrameStreamer(videoFrameSource(video), (frame) => api.submitFrame(frame));
    streamer.start();
    return () => streamer.stop();
  }, [state, videoRef, active]);
}
