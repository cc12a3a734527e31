// Camera configuration (zod, strict, bounded), composed by main/config into the app config as `camera`.
// Production default: any real camera the OS offers, never a virtual camera, never a file.
import { z } from 'zod';

const entry = z.string().trim().min(1).max(200);

export const cameraConfigSchema = z.strictObject({
  /**
   * When not empty, the only cameras a session may use. An entry matches a camera's label (case-insensitive, with
   * or without its "(vvvv:pppp)" USB suffix), its USB id written "vvvv:pppp", or its deviceId.
   */
  allowed: z.array(entry).max(32).default([]),
  /** Names (case-insensitive substrings of the label) refused as virtual cameras, on top of the built-in list. */
  deniedNames: z.array(z.string().trim().min(2).max(100)).max(64).default([]),
  /**
   * Accept a camera that is a file played in a loop: Chromium's fake capture device (--use-file-for-fake-video-
   * capture, label ending in .y4m/.mjpeg) and footage that repeats. For tests only; production has no allowance.
   */
  allowFileSource: z.boolean().default(false),
  /** Distinct pictures remembered per session to recognise footage playing again (the replay rule). */
  replayMemoryFrames: z.number().int().min(16).max(10_000).default(2000),
});

export type CameraConfig = z.infer<typeof cameraConfigSchema>;
