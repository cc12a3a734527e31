// The renderer on the two real-world seed agreements: headings, numbered clauses, bold spans, links, blanks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgreementBlockSchema, type AgreementBlock } from '../../../common/consent';
import { renderAgreement, renderInline } from '../../../main/consent/render';

const SEED_DIR = path.resolve('../shared/agreements');
const seed = (name: string): string => readFileSync(path.join(SEED_DIR, name), 'utf8');
const text = (b: AgreementBlock): string =>
  b.spans.map((s) => (s.kind === 'text' ? s.text : `【${s.label}】`)).join('');
const boldText = (b: AgreementBlock): string =>
  b.spans
    .filter((s) => s.bold && s.kind === 'text')
    .map((s) => (s.kind === 'text' ? s.text : ''))
    .join('');

describe('renderInline', () => {
  it('toggles bold on ** and drops an unmatched marker', () => {
    expect(renderInline('a **b** c')).toEqual([
      { kind: 'text', text: 'a ', bold: false },
      { kind: 'text', text: 'b', bold: true },
      { kind: 'text', text: ' c', bold: false },
    ]);
    expect(renderInline('**title')).toEqual([{ kind: 'text', text: 'title', bold: false }]);
  });

  it('turns 【 】 into blanks keeping their label and boldness', () => {
    expect(renderInline('通过**【 】向我们**')).toEqual([
      { kind: 'text', text: '通过', bold: false },
      { kind: 'blank', label: '', bold: true },
      { kind: 'text', text: '向我们', bold: true },
    ]);
  });

  it('keeps link text with its target and never leaks markdown syntax', () => {
    const spans = renderInline('**按照《**[**政策**](https://example.test/p)**》保护**');
    expect(spans.map((s) => (s.kind === 'text' ? s.text : '')).join('')).toBe('按照《政策》保护');
    expect(spans.every((s) => s.bold)).toBe(true);
    expect(spans.find((s) => s.kind === 'text' && s.text === '政策')).toMatchObject({
      href: 'https://example.test/p',
    });
  });
});

describe('renderAgreement on the face recognition service agreement', () => {
  const blocks = renderAgreement(seed('face-recognition-service-agreement.zh-CN.md'));

  it('produces only valid blocks with no markdown or HTML left in the text', () => {
    for (const b of blocks) {
      expect(AgreementBlockSchema.parse(b)).toEqual(b);
      expect(text(b)).not.toMatch(/\*\*|<\/?div|\]\(/);
    }
  });

  it('finds the title and the six numbered sections as headings', () => {
    expect(blocks[0]).toMatchObject({ kind: 'heading', level: 3 });
    expect(text(blocks[0]!)).toBe('人脸识别服务协议');
    const sections = blocks.filter((b) => b.kind === 'heading' && b.number);
    expect(sections.map((b) => [b.kind === 'heading' ? b.number : '', text(b)])).toEqual([
      ['1', '总则'],
      ['2', '定义'],
      ['3', '授权与许可'],
      ['4', '权利义务'],
      ['5', '免责情形'],
      ['6', '其他'],
    ]);
  });

  it('numbers every clause, including one whose number sits inside its bold run', () => {
    const numbers = blocks.filter((b) => b.kind === 'item').map((b) => (b.kind === 'item' ? b.number : ''));
    expect(numbers).toEqual([
      '1.1',
      '1.2',
      '2.1',
      '2.2',
      '3.1',
      '3.2',
      '3.3',
      '3.4',
      '3.5',
      '4.1',
      '4.2',
      '4.3',
      '5.1',
      '5.2',
      '5.3',
      '5.4',
      '5.5',
      '6.1',
      '6.2',
    ]);
    const c12 = blocks.find((b) => b.kind === 'item' && b.number === '1.2')!;
    expect(text(c12).startsWith('在接受本协议之前')).toBe(true);
    expect(c12.spans.every((s) => s.bold)).toBe(true);
  });

  it('keeps bold and plain parts of a clause apart', () => {
    const c11 = blocks.find((b) => b.kind === 'item' && b.number === '1.1')!;
    expect(c11.spans[0]).toMatchObject({ bold: false });
    expect(boldText(c11)).toBe(
      '您通过网络页面点击确认或以其他方式选择接受本协议，即表示您同意接受本协议的全部约定内容。',
    );
    const c41 = blocks.find((b) => b.kind === 'item' && b.number === '4.1')!;
    expect(c41.spans.every((s) => !s.bold)).toBe(true);
    const c33 = blocks.find((b) => b.kind === 'item' && b.number === '3.3')!;
    expect(text(c33)).toContain('设备mac地址');
  });
});

describe('renderAgreement on the face verification PI authorisation', () => {
  const blocks = renderAgreement(seed('face-verification-pi-authorization.zh-CN.md'));

  it('renders the four Chinese-numbered sections as headings', () => {
    const headings = blocks.filter((b) => b.kind === 'heading');
    expect(headings.map((b) => (b.kind === 'heading' ? `${b.number}:${text(b)}` : ''))).toEqual([
      '一:我们提供的服务内容及个人信息处理规则',
      '二:我们如何保证您的个人信息安全',
      '三:您如何管理您的个人信息',
      '四:其他',
    ]);
  });

  it('finds the blanks a deployment must fill, with their labels', () => {
    const blanks = blocks.flatMap((b) => b.spans.filter((s) => s.kind === 'blank'));
    expect(blanks.map((s) => (s.kind === 'blank' ? s.label : ''))).toEqual(['', 'XX产品中的XX', '', '']);
  });

  it('renders numbered items per section and the bold sensitive-information notice as a paragraph', () => {
    const items = blocks.filter((b) => b.kind === 'item').map((b) => (b.kind === 'item' ? b.number : ''));
    expect(items).toEqual(['1', '2', '3', '1', '2', '3', '1', '2', '3']);
    const notice = blocks.find((b) => text(b).startsWith('人脸信息、身份证属于敏感个人信息'))!;
    expect(notice.kind).toBe('paragraph');
    expect(notice.spans[0]).toMatchObject({ bold: true });
    const guardian = blocks.find((b) => text(b).includes('未满18周岁'))!;
    expect(guardian.spans.every((s) => s.bold)).toBe(true);
  });

  it('marks the rights clause words in bold inside a plain sentence', () => {
    const rights = blocks.find((b) => text(b).includes('查阅、复制、更改、删除、撤回同意'))!;
    expect(rights.spans.map((s) => s.bold)).toEqual([false, true, false, true, true, false]);
  });
});

describe('renderAgreement on odd input', () => {
  it('never throws and yields valid blocks for arbitrary strings', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('*', '[', ']', '(', ')', '【', '】', '#', ' ', '\n', '1', '.', 'a', '<', '>'),
        }),
        (s) => {
          for (const b of renderAgreement(s)) AgreementBlockSchema.parse(b);
        },
      ),
    );
  });
});
