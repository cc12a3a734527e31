// A whole customer session driven the way the renderer drives it: through `window.hexin` (the preload's bridge),
// with the demo card inserted on the simulated reader through the loopback control endpoint and frames from the
// fake camera's video (../shared/faces/camera-barack_obama.y4m) at the renderer's pace.
import path from 'node:path';
import type { HexinApi } from '../../../../common/contract';
import type { SessionView } from '../../../../common/session';
import { readY4m } from '../../../../main/vision/y4m';
import { walkToCard } from '../../../fixtures/session-walk';

export type KioskApi = HexinApi;

export const FACES = path.resolve(process.cwd(), '../shared/faces');
const FRAME_INTERVAL_MS = 100;

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message?: string } }): T {
  if (!r.ok) throw new Error(`call failed: ${r.error.code} ${r.error.message ?? ''}`);
  return r.value;
}

async function viewWhere(hexin: KioskApi, match: (v: SessionView) => boolean, ms = 30_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = value(await hexin.getSessionView({}));
    if (match(v)) return v;
    if (Date.now() > end) throw new Error(`no matching view; last ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function insertDemoCard(controlUrl: string, token: string, card: string): Promise<Response> {
  return fetch(`${controlUrl}/control/simulator`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ action: 'insert', card }),
  });
}

export interface SessionRun {
  views: SessionView[];
  result: SessionView;
  framesSent: number;
  framesAccepted: number;
}

/** start → consent → card → confirm → frames → result (or the intent step); every step through the bridge. */
export async function runSessionThroughIpc(
  hexin: KioskApi,
  control: { url: string; token: string },
  options: { card?: string; purpose?: string } = {},
): Promise<SessionRun> {
  const card = options.card ?? 'resident-adult';
  const views: SessionView[] = [];
  const stop = hexin.onSessionView((v) => views.push(v));
  try {
    await walkToCard({
      start: async () => value(await hexin.startSession(options.purpose ? { purpose: options.purpose } : {})),
      decideConsent: async (cmd) => value(await hexin.decideConsent(cmd)),
      placeCard: async () => {
        const inserted = await insertDemoCard(control.url, control.token, card);
        if (!inserted.ok) throw new Error(`insert failed: ${inserted.status} ${await inserted.text()}`);
      },
      viewWhere: (match) => viewWhere(hexin, match),
    });
    value(await hexin.confirmCard({ confirmed: true }));

    const video = await readY4m(path.join(FACES, 'camera-barack_obama.y4m'));
    const started = Date.now();
    let framesSent = 0;
    let framesAccepted = 0;
    for (let i = 0; i < 400; i++) {
      const step = value(await hexin.getSessionView({})).step;
      if (step !== 'capture' && step !== 'liveness' && step !== 'match') break;
      const f = video.frame(i % video.frameCount);
      const ack = value(
        await hexin.submitFrame({
          width: f.width,
          height: f.height,
          channels: f.channels,
          data: new Uint8Array(f.data),
          timestampMs: Date.now() - started,
        }),
      );
      framesSent++;
      if (ack.accepted) framesAccepted++;
      await new Promise((r) => setTimeout(r, FRAME_INTERVAL_MS));
    }
    const result = await viewWhere(
      hexin,
      (v) => v.step === 'result' || v.step === 'retry' || v.step === 'error' || v.step === 'intent',
    );
    return { views, result, framesSent, framesAccepted };
  } finally {
    stop();
  }
}
