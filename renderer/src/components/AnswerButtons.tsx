// The two answers of a yes/no step — the card is mine or not, the guardian confirms or declines, the person
// confirms or declines the intent question: the yes is the primary button, the no the secondary, and neither can be
// pressed while a call is in flight.
export interface Answer {
  label: string;
  testId: string;
}

export function AnswerButtons({
  yes,
  no,
  disabled,
  onAnswer,
}: {
  yes: Answer;
  no: Answer;
  disabled: boolean;
  onAnswer: (yes: boolean) => void;
}) {
  return (
    <>
      <button
        className="btn btn-primary"
        data-testid={yes.testId}
        disabled={disabled}
        onClick={() => onAnswer(true)}
      >
        {yes.label}
      </button>
      <button
        className="btn btn-secondary"
        data-testid={no.testId}
        disabled={disabled}
        onClick={() => onAnswer(false)}
      >
        {no.label}
      </button>
    </>
  );
}
