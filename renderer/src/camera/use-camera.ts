// Opens the camera while a component that needs it is on screen, reports the outcome to main (ok / missing /
// denied / error) and stops every track when it leaves. Constraints are `ideal` only: a camera that cannot do
// 640×480 still opens (min/exact would fail with OverconstrainedError — see specs/e2e-camera.md).
import { useEffect, useRef, useState } from 'react';
import { usbIdsOfLabel } from '../../../common/camera';
import { api } from '../api';
import { mediaProblemOf, type MediaProblem } from '../media-problem';

export type CameraState = 'starting' | 'ok' | MediaProblem;

export function useCamera(): {
  state: CameraState;
  videoRef: React.RefObject<HTMLVideoElement | null>;
  label: string;
} {
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>('starting');
  const [label, setLabel] = useState('');

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    const open = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('error');
        await api.reportCamera({ state: 'error', label: 'mediaDevices unavailable' });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
          audio: false,
        });
      } catch (e) {
        if (cancelled) return;
        const s = mediaProblemOf(e);
        setState(s);
        await api.reportCamera({ state: s, label: e instanceof Error ? e.name : '' });
        return;
      }
      if (cancelled) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      const track = stream.getVideoTracks()[0];
      setLabel(track?.label ?? '');
      const video = videoRef.current;
      if (video) {
        video.srcObject = stream;
        await video.play().catch(() => {});
      }
      setState('ok');
      // Main judges the camera (virtual cameras, camera.allowed, a file) and pins it for the session's frames.
      const cameraLabel = track?.label ?? '';
      const deviceId = track?.getSettings().deviceId;
      const usb = usbIdsOfLabel(cameraLabel);
      await api.reportCamera({
        state: 'ok',
        label: cameraLabel,
        ...(deviceId ? { deviceId: deviceId.slice(0, 256) } : {}),
        ...(usb ? { usb } : {}),
      });
    };
    void open();
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
      if (videoRef.current) videoRef.current.srcObject = null;
    };
  }, []);

  return { state, videoRef, label };
}
