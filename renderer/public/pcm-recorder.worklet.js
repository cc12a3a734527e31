// AudioWorklet processor for the read-aloud step (renderer/src/intent/mic-recorder.ts): copies the first channel of
// the microphone input and posts it in ~100 ms batches, so the page gets ten messages a second instead of one per
// 128-sample render quantum. Served from the app's own origin (renderer/public), which the strict CSP allows for
// audioWorklet.addModule(); plain JS because it runs in the AudioWorkletGlobalScope, not in the page.
/* global AudioWorkletProcessor, registerProcessor, sampleRate */
class HexinPcmRecorder extends AudioWorkletProcessor {
  constructor() {
    super();
    this.size = Math.max(128, Math.round(sampleRate / 10));
    this.buffer = new Float32Array(this.size);
    this.filled = 0;
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    let offset = 0;
    while (offset < channel.length) {
      const n = Math.min(channel.length - offset, this.size - this.filled);
      this.buffer.set(channel.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === this.size) {
        // Transfer the batch and start a fresh one: no copy of the voice stays behind in the worklet.
        this.port.postMessage(this.buffer, [this.buffer.buffer]);
        this.buffer = new Float32Array(this.size);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('hexin-pcm-recorder', HexinPcmRecorder);
