// `hexin analyze <image>`: every face in a photo with its box, landmarks, quality, eyes, head pose and
// anti-spoofing score, plus the guidance the kiosk would give. For staff checking a camera or a photo.
import { decodeImage } from '../../vision/decode';
import { faceSummary, readImageFile } from '../../vision/cli-support';
import { VisionService } from '../../vision/service';
import { modelsOption } from '../options';
import { defineCommand } from '../spec';

export const analyzeCommand = defineCommand(
  {
    name: 'analyze',
    summary: 'every face in a photo: box, landmarks, quality, eyes, pose, anti-spoof score, guidance',
    args: '<image>',
    description:
      'Detects every face in a JPEG/PNG/WebP photo and prints box, landmarks, quality, eyes, pose and anti-spoof score.',
    options: {
      models: modelsOption,
    },
    notes: 'Exit code 0 even when no face is found (the output says "faces": []).',
  },
  async ({ values, positionals }, io) => {
    const file = positionals[0]!;
    const frame = await decodeImage(await readImageFile(file));
    const service = VisionService.create({ modelsDir: values.models });
    try {
      await service.ready();
      const a = await service.analyze(frame, { antiSpoof: true, allFaces: true });
      const result = {
        image: file,
        width: a.width,
        height: a.height,
        primary: a.primary,
        guidance: a.guidance,
        faces: a.faces.map(faceSummary),
      };
      if (values.json) io.stdout(JSON.stringify(result) + '\n');
      else {
        io.stdout(`${file}: ${a.width}×${a.height}, ${a.faces.length} face(s), guidance ${a.guidance}\n`);
        a.faces.forEach((f, i) => {
          const b = f.box;
          io.stdout(
            `  #${i}${i === a.primary ? ' (primary)' : ''} box ${b.x1.toFixed(0)},${b.y1.toFixed(0)}–${b.x2.toFixed(0)},${b.y2.toFixed(0)}` +
              ` score ${b.score.toFixed(3)}; yaw ${f.pose.yaw.toFixed(1)}° pitch ${f.pose.pitch.toFixed(1)}° roll ${f.pose.roll.toFixed(1)}°;` +
              ` eyes open L ${f.eyes.left.toFixed(2)} R ${f.eyes.right.toFixed(2)}; live ${f.live?.toFixed(3)};` +
              ` size ${f.quality.sizeRatio.toFixed(2)} brightness ${f.quality.brightness.toFixed(0)} sharpness ${f.quality.sharpness.toFixed(0)}\n`,
          );
        });
      }
      return 0;
    } finally {
      await service.close();
    }
  },
);
