// An agreement rendered from its blocks: headings, numbered or bulleted items, paragraphs; bold spans highlighted
// (the clauses the person must read closely), blanks shown as visible blanks, links shown as text only.
import { useTranslation } from 'react-i18next';
import type { AgreementBlock, Span } from '../../../common/consent';

function SpanView({ span }: { span: Span }) {
  const { t } = useTranslation();
  if (span.kind === 'blank') {
    const blank = (
      <span className="blank" data-testid="agreement-blank" title={span.label}>
        {'【'}
        <span className="blank-fill">{t('consent.blank')}</span>
        {'】'}
      </span>
    );
    return span.bold ? <strong className="bold-clause">{blank}</strong> : blank;
  }
  const text = span.href ? `${span.text} (${span.href})` : span.text;
  return span.bold ? (
    <strong className="bold-clause" data-testid="agreement-bold">
      {text}
    </strong>
  ) : (
    <>{text}</>
  );
}

function Spans({ spans }: { spans: Span[] }) {
  return (
    <>
      {spans.map((s, i) => (
        <SpanView key={i} span={s} />
      ))}
    </>
  );
}

function BlockView({ block }: { block: AgreementBlock }) {
  switch (block.kind) {
    case 'heading': {
      // Headings inside the scroll box start at h2: the screen title is the h1.
      const level = Math.min(6, block.level + 1);
      const Tag = `h${level}` as 'h2';
      return (
        <Tag className="agreement-heading">
          {block.number && <span className="clause-number">{block.number} </span>}
          <Spans spans={block.spans} />
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p className="agreement-paragraph">
          <Spans spans={block.spans} />
        </p>
      );
    case 'item':
      return (
        <div className={`agreement-item ${block.ordered ? 'ordered' : 'bullet'}`}>
          <span className="item-marker">{block.ordered ? `${block.number ?? ''}.` : '•'}</span>
          <span className="item-text">
            <Spans spans={block.spans} />
          </span>
        </div>
      );
  }
}

export function AgreementText({ blocks }: { blocks: AgreementBlock[] }) {
  return (
    <>
      {blocks.map((b, i) => (
        <BlockView key={i} block={b} />
      ))}
    </>
  );
}
