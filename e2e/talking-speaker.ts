// The talking speaker: a fake camera and a fake microphone that belong together, for the read-aloud e2e (the voice
// bound to the face, main/intent/voice-binding.ts). Both are cut with ffmpeg, at test time, from the same segment
// of one GRID clip (../shared/talking/grid: a real speaker on camera with their own sound; never copied into the
// repository), and a frame of that clip becomes the chip photo of a demo card (reader.simulator.cards).
//
// - camera: the speech segment of the clip as a y4m, which Chromium's fake camera loops: the speaker talks the
//   whole time they are in view (the capture step sees a real, moving face).
// - microphone: a short quiet lead, the same segment's sound four times (six syllables each, 24: the read-aloud
//   sentence has 19, and accepts 10–29 heard; the envelope counter hears 4 of this speaker's 6 per repetition, 16
//   in all, mid-window — three repetitions gave 12, two from the edge) and a quiet tail longer than the renderer's
//   end-of-speech silence (1.5 s), so the recording ends by itself after the last repetition (~10.7 s). Its pauses
//   (0.33 s after "bin", 0.15 s between repetitions) are far below that silence. Chromium plays the file from its
//   start each time the microphone is opened (the recorder opens it per reading): every reading hears the same.
// - Chromium's fake camera and microphone loop independently and cannot be synchronised: the camera's phase at the
//   moment the person starts reading is whatever it happens to be. Since the camera shows nothing but this speaker
//   speaking, the binding's deciding rules hold at every phase: a face in view while the voice speaks, the same
//   face, the mouth moving over the speech and never still for long while the voice speaks (no 256 ms of voice
//   without a mouth movement within ±200 ms), the syllable count. Measured offline at all 55 phases of the 2.2 s
//   loop (8 fps frames as the renderer takes them; test/e2e/talking-speaker.test.ts checks it on every npm test):
//   all pass, mouth deviation ≥ 0.014, longest still speech 128 ms, 16 syllables (docs/intent.md "The
//   talking-speaker fixture"). Only `sync` (mouth opening against loudness, reported, not decided on) depends on
//   the phase: −0.48…0.68.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../scripts/lib/hosts.mjs';

export const GRID_DIR = path.resolve(
  repoRoot,
  '..',
  'shared',
  'talking',
  'grid',
  'evaluation',
  'samples',
  'GRID',
);

/**
 * GRID bbaf2n, "bin blue at f two now" (six syllables), a man facing the camera. Speech lies between 0.46 s and
 * 2.51 s of the 3 s clip (ffmpeg silencedetect at −35 dB), with a 0.33 s pause after "bin".
 */
export const TALKING_CLIP = {
  file: path.join(GRID_DIR, 'bbaf2n.mpg'),
  syllables: 6,
  speech: { fromS: 0.4, durationS: 2.2 },
  /** The card's photo: the frame at 0.2 s, before he speaks (mouth closed, looking at the camera). */
  photoAtS: 0.2,
  /** The face in that frame (360×288), measured with `hexin analyze`: ID framing of the chip photo. */
  photoFace: { x1: 78, y1: 99, x2: 234, y2: 255 },
} as const;

/** How often the segment is heard per reading: 4 × 6 = 24 syllables, for a sentence of 19 (see above). */
export const SPOKEN_REPEATS = 4;
const LEAD_S = 0.5;
const TAIL_S = 3;

export interface TalkingSpeaker {
  /** y4m for --use-file-for-fake-video-capture. */
  cameraFile: string;
  /** WAV for --use-file-for-fake-audio-capture. */
  micFile: string;
  /** PNG of the clip's frame at photoAtS (for the demo card's chip photo). */
  photoFile: string;
  photoFace: { x1: number; y1: number; x2: number; y2: number };
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** Builds the three files into `dir` (a temporary folder the caller removes). */
export function buildTalkingSpeaker(dir: string): TalkingSpeaker {
  const { file, speech } = TALKING_CLIP;
  const segment = ['-ss', String(speech.fromS), '-t', String(speech.durationS), '-i', file];
  const cameraFile = path.join(dir, 'talking.y4m');
  // 360×288 cropped to 360×270: 4:3 like the kiosk's camera, so the renderer's 320×240 frames do not stretch him.
  const frames = String(Math.round(speech.durationS * 25)); // 25 fps: exactly the segment the microphone plays
  ffmpeg([
    ...segment,
    '-an',
    '-vf',
    'crop=360:270,format=yuv420p',
    '-frames:v',
    frames,
    '-f',
    'yuv4mpegpipe',
    cameraFile,
  ]);
  const micFile = path.join(dir, 'talking.wav');
  const copies = Array.from({ length: SPOKEN_REPEATS }, (_, i) => `[s${i}]`).join('');
  // The sound cut by a filter rather than by seeking the input (a seek lands mid-frame in the MP2 stream).
  ffmpeg([
    ...['-i', file, '-vn', '-filter_complex'],
    `[0:a]atrim=start=${speech.fromS}:duration=${speech.durationS},asetpts=PTS-STARTPTS,` +
      `pan=mono|c0=0.5*c0+0.5*c1,asplit=${SPOKEN_REPEATS}${copies};` +
      `${copies}concat=n=${SPOKEN_REPEATS}:v=0:a=1,adelay=${LEAD_S * 1000},apad=pad_dur=${TAIL_S}[out]`,
    ...['-map', '[out]', '-c:a', 'pcm_s16le', micFile],
  ]);
  const photoFile = path.join(dir, 'card-photo.png');
  ffmpeg(['-ss', String(TALKING_CLIP.photoAtS), '-i', file, '-frames:v', '1', photoFile]);
  return { cameraFile, micFile, photoFile, photoFace: { ...TALKING_CLIP.photoFace } };
}

/** The demo card of the talking speaker, inserted with kiosk.simulator({ action: 'insert', card: TALKING_CARD }). */
export const TALKING_CARD = 'talking-speaker';

/**
 * The kiosk config's `reader` section that offers the talking speaker's card on the simulated reader
 * (reader.simulator.cards; main/devices/idcard/config.ts): invented name and number (valid check character), the
 * chip photo made from the clip's frame, ID-framed by the measured face box, as for the built-in demo cards.
 */
export function talkingSpeakerReader(speaker: TalkingSpeaker): Record<string, unknown> {
  return {
    simulator: {
      cards: {
        [TALKING_CARD]: {
          type: 'resident',
          name: '张明',
          genderCode: '1',
          nationCode: '01',
          birthDate: '1990-05-24',
          address: '北京市东城区示例胡同5号',
          idNumber: '110101199005240037',
          issuer: '北京市公安局东城分局',
          validFrom: '2020-01-01',
          validUntil: '2040-01-01',
          photoPath: speaker.photoFile,
          photoFace: speaker.photoFace,
        },
      },
    },
  };
}
