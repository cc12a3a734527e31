// A progress bar for a fraction from 0 to 1 (the liveness challenge, the head-gesture answer): the same rounded
// percentage drives the fill and aria-valuenow, which the e2e specs read.
export function ProgressBar({
  fraction,
  label,
  testId,
}: {
  fraction: number;
  label: string;
  testId: string;
}) {
  const percent = Math.round(fraction * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}
