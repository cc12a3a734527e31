// Frames during colour flash carry the screen's paint log as of the moment they were grabbed: the grab stamps the
// frame with performance.now() and the log is copied in the same task, so every paint time it holds is earlier than
// the frame's timestamp (main refuses a log that is not).
import type { FlashReport } from '../../../common/flash';
import type { FrameSource } from './frame-streamer';

export function withFlashReport(source: FrameSource, report: () => FlashReport | null): FrameSource {
  return {
    grab() {
      const frame = source.grab();
      if (!frame) return null;
      const flash = report();
      return flash ? { ...frame, flash } : frame;
    },
  };
}
