// Turns agreement markdown (the small dialect real agreements use) into blocks for the consent screen:
// headings, paragraphs, numbered and bulleted items, inline **bold** spans, links shown as text, and blanks 【 】.
// Pure and total: any string renders to some blocks; nothing here throws on odd input.
import type { AgreementBlock, Span } from '../../common/consent';

// Clause numbers written as bold lead-ins, e.g. "**1**   **总则**" (a section) or "**1.1**  text" (a clause).
const BOLD_NUMBER = /^\*\*(\d+(?:\.\d+)*)\*\*\s*(.*)$/;
// A bold run that opens with its own clause number, e.g. "**1.2在接受本协议之前……**".
const BOLD_LEADING_NUMBER = /^\*\*(\d+\.\d+)(?=[^\d.*\s])(.*)$/;
const PLAIN_CLAUSE = /^(\d+\.\d+(?:\.\d+)*)\s+(.*)$/;
const ORDERED = /^(\d+)[.、)]\s*(.*)$/;
const BULLET = /^[-*+]\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const CHINESE_SECTION = /^([一二三四五六七八九十]+)、\s*(.*)$/;

/** Renders a whole agreement; each non-empty line is one block (agreements put one clause per line). */
export function renderAgreement(markdown: string): AgreementBlock[] {
  const blocks: AgreementBlock[] = [];
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = stripHtml(raw).trim();
    if (!line) continue;
    const block = renderLine(line);
    if (block.spans.length > 0) blocks.push(block);
  }
  return blocks;
}

function renderLine(line: string): AgreementBlock {
  let m = HEADING.exec(line);
  if (m) {
    const level = m[1]!.length;
    const rest = m[2]!.trim();
    const section = CHINESE_SECTION.exec(rest);
    if (section) return { kind: 'heading', level, number: section[1]!, spans: renderInline(section[2]!) };
    return { kind: 'heading', level, spans: renderInline(rest) };
  }
  m = BOLD_NUMBER.exec(line);
  if (m) {
    const number = m[1]!;
    // A bare top-level number in bold introduces a section; dotted numbers are clauses.
    if (!number.includes('.')) return { kind: 'heading', level: 2, number, spans: renderInline(m[2]!) };
    return { kind: 'item', ordered: true, number, spans: renderInline(m[2]!) };
  }
  m = BOLD_LEADING_NUMBER.exec(line);
  if (m) return { kind: 'item', ordered: true, number: m[1]!, spans: renderInline(`**${m[2]!}`) };
  m = PLAIN_CLAUSE.exec(line);
  if (m) return { kind: 'item', ordered: true, number: m[1]!, spans: renderInline(m[2]!) };
  m = ORDERED.exec(line);
  if (m) return { kind: 'item', ordered: true, number: m[1]!, spans: renderInline(m[2]!) };
  m = BULLET.exec(line);
  if (m) return { kind: 'item', ordered: false, spans: renderInline(m[1]!) };
  return { kind: 'paragraph', spans: renderInline(line) };
}

/** Agreements sometimes carry layout HTML (`<div align=center>`); the kiosk lays text out itself. */
function stripHtml(line: string): string {
  return line.replace(/<\/?[a-zA-Z][^<>]*>/g, '');
}

/**
 * Inline spans: `**` toggles bold, `[text](url)` keeps its text (and the url as `href`), `【…】` is a blank.
 * An unmatched `**` (as in some real headings) is dropped rather than leaking asterisks onto the screen.
 */
export function renderInline(text: string): Span[] {
  const markers = countBoldMarkers(text);
  const ignoreLastMarker = markers % 2 === 1;
  const spans: Span[] = [];
  let bold = false;
  let buffer = '';
  let seenMarkers = 0;
  const flush = (): void => {
    if (buffer) pushText(spans, buffer, bold);
    buffer = '';
  };
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('**', i)) {
      seenMarkers += 1;
      i += 2;
      if (ignoreLastMarker && seenMarkers === markers) continue;
      flush();
      bold = !bold;
      continue;
    }
    const ch = text[i]!;
    if (ch === '【') {
      const end = text.indexOf('】', i + 1);
      if (end > i) {
        flush();
        spans.push({ kind: 'blank', label: text.slice(i + 1, end).trim(), bold });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const link = /^\[([^\]]*)\]\(([^)\s]*)\)/.exec(text.slice(i));
      if (link) {
        flush();
        // Link text may carry its own bold markers; render it and attach the target to each text run.
        for (const inner of renderInline(link[1]!)) {
          if (inner.kind === 'text') pushText(spans, inner.text, bold !== inner.bold, link[2]!);
          else spans.push({ ...inner, bold: bold !== inner.bold });
        }
        i += link[0].length;
        continue;
      }
    }
    buffer += ch;
    i += 1;
  }
  flush();
  return spans.filter((s) => s.kind === 'blank' || s.text.length > 0);
}

function countBoldMarkers(text: string): number {
  let n = 0;
  for (let i = text.indexOf('**'); i >= 0; i = text.indexOf('**', i + 2)) n += 1;
  return n;
}

/** Adds a text run, merging with the previous one when it looks the same (so the screen gets fewer spans). */
function pushText(spans: Span[], text: string, bold: boolean, href?: string): void {
  const last = spans[spans.length - 1];
  if (last && last.kind === 'text' && last.bold === bold && last.href === href) {
    last.text += text;
    return;
  }
  spans.push(href === undefined ? { kind: 'text', text, bold } : { kind: 'text', text, bold, href });
}

/** The blocks as plain text, for tests and for the receipt's human-readable summary. */
export function blocksToText(blocks: AgreementBlock[]): string {
  return blocks
    .map((b) => {
      const body = b.spans.map((s) => (s.kind === 'text' ? s.text : `【${s.label}】`)).join('');
      return b.kind === 'paragraph' ? body : `${b.number ? b.number + ' ' : ''}${body}`;
    })
    .join('\n');
}
