// The spoken guidance's one <audio> element and its visible control in the top bar: a mute button (a toggle, its
// state in aria-pressed) and a volume slider, both labelled in the screen's language and keyboard operable (Tab,
// Space/Enter on the button, arrow keys on the slider). Mute and volume last for the person's session; the next
// person starts with the configured volume and sound on.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { promptQueue } from './prompt-queue';

export function useQueueState() {
  return useSyncExternalStore(
    (l) => promptQueue.subscribe(l),
    () => promptQueue.getState(),
  );
}

/** A speaker, with waves when sound is on and a cross when muted (drawn: kiosks may have no emoji font). */
function SpeakerIcon({ muted }: { muted: boolean }) {
  return (
    <svg className="voice-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
      {muted ? (
        <path d="M16 9l6 6M22 9l-6 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      ) : (
        <path
          d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13"
          stroke="currentColor"
          strokeWidth="2"
          fill="none"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}

export function VoiceControl() {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const state = useQueueState();
  useEffect(() => {
    promptQueue.attach(audio.current);
    return () => promptQueue.attach(null);
  }, []);
  const percent = Math.round(state.volume * 100);
  return (
    <div
      className="voice-control"
      role="group"
      aria-label={t('voice.control')}
      data-testid="voice-control"
      data-muted={state.muted}
      data-held={state.held ?? ''}
      data-playing={state.playing ?? ''}
    >
      <audio ref={audio} preload="auto" data-testid="prompt-audio" />
      <button
        type="button"
        className={state.muted ? 'btn btn-primary voice-mute' : 'btn btn-secondary voice-mute'}
        data-testid="voice-mute"
        aria-pressed={state.muted}
        onClick={() => promptQueue.setMuted(!state.muted)}
      >
        <SpeakerIcon muted={state.muted} /> {t('voice.mute')}
      </button>
      <label className="voice-volume">
        <span className="visually-hidden">{t('voice.volume')}</span>
        <input
          type="range"
          min={0}
          max={100}
          step={10}
          value={percent}
          aria-valuetext={`${percent}%`}
          data-testid="voice-volume"
          onChange={(e) => promptQueue.setVolume(Number(e.target.value) / 100)}
        />
      </label>
    </div>
  );
}
