// A minimal page that records the microphone the way the kiosk renderer must: an AudioContext at 16 kHz (Chromium
// resamples the device), an AudioWorklet collecting mono float samples, converted to signed 16-bit little-endian
// PCM — the format IntentService.submitReadAloud() takes. Served from a loopback server in chromium-mic.test.ts.
export const WORKLET_JS = `
class HexinRecorder extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor('hexin-recorder', HexinRecorder);
`;

export const PAGE_HTML = `<!doctype html><meta charset="utf-8"><title>microphone</title>
<script>
window.recordPcm = async (ms) => {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const ctx = new AudioContext({ sampleRate: 16000 });
  await ctx.audioWorklet.addModule('/recorder-worklet.js');
  const source = ctx.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(ctx, 'hexin-recorder');
  const chunks = [];
  node.port.onmessage = (e) => chunks.push(e.data);
  source.connect(node);
  await ctx.resume();
  await new Promise((r) => setTimeout(r, ms));
  source.disconnect();
  stream.getTracks().forEach((t) => t.stop());
  await ctx.close();
  const pcm = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) for (const v of c) pcm[o++] = Math.max(-32768, Math.min(32767, Math.round(v * 32768)));
  const bytes = new Uint8Array(pcm.buffer);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return { sampleRate: ctx.sampleRate, label: stream.getAudioTracks()[0]?.label ?? '', pcmBase64: btoa(bin) };
};
</script>`;
