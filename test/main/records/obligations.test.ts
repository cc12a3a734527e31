// The traceability table (docs/obligations.md) covers every clause of both seed agreements, and every test it
// names exists: each row's test file is there and holds an `it` with that title.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAgreement } from '../../../main/consent/render';

const doc = readFileSync('docs/obligations.md', 'utf8');
const norm = (s: string): string => s.replace(/[’‘]/g, "'").trim();

/** Whether a test file has an `it` with this title (titles generated per language are written with `${language}`). */
function hasTitle(file: string, title: string): boolean {
  const text = norm(readFileSync(file, 'utf8'));
  return text.includes(title) || text.includes(title.replace(/ (zh-CN|en) /, ' ${language} '));
}

function tableRows(sectionTitle: string): string[][] {
  const start = doc.indexOf(sectionTitle);
  const end = doc.indexOf('\n## ', start + 1);
  return doc
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| clause') && !l.startsWith('| ---'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| ?| ?\|$/g, '')));
}

describe('docs/obligations.md', () => {
  const a = tableRows('## A.');
  const b = tableRows('## B.');

  it('has a row for every numbered clause of the face recognition service agreement', () => {
    const blocks = renderAgreement(
      readFileSync('../shared/agreements/face-recognition-service-agreement.zh-CN.md', 'utf8'),
    );
    const numbers = blocks.flatMap((bl) => (bl.kind === 'item' && bl.number ? [bl.number] : []));
    const covered = a.map((r) => r[0]!);
    for (const n of numbers) {
      const section = n.split('.')[0]!;
      expect(
        covered.some((c) => c === n || c.startsWith(`${section} (`)),
        `clause ${n}`,
      ).toBe(true);
    }
  });

  it('has a row for every clause of the PI authorisation', () => {
    const blocks = renderAgreement(
      readFileSync('../shared/agreements/face-verification-pi-authorization.zh-CN.md', 'utf8'),
    );
    let section = '';
    const needed = new Set<string>();
    for (const bl of blocks) {
      if (bl.kind === 'heading' && bl.number) section = bl.number;
      else if (bl.kind === 'item' && bl.number && section) needed.add(`${section}.${bl.number}`);
      else if (bl.kind === 'paragraph' && section === '三') needed.add('三');
    }
    const covered = b.map((r) => r[0]!);
    for (const n of needed)
      expect(
        covered.some((c) => c === n || c.startsWith(`${n} (`)),
        `clause ${n}`,
      ).toBe(true);
    for (const extra of ['intro, blanks 【 】', 'bold reminder', 'under 18', 'sensitive notice'])
      expect(covered).toContain(extra);
  });

  it('names at least one existing test for every row, and every fully named test exists', () => {
    for (const row of [...a, ...b]) {
      const tests = row[3]!;
      // In order of appearance: `test/…test.ts › … › title`, and continuations `… › title` of the file before.
      const refs = [...tests.matchAll(/`(test\/[^`›]+?\.test\.ts|…)((?: › [^`]+)?)`/g)];
      expect(refs.filter((m) => m[1] !== '…').length, `row ${row[0]}`).toBeGreaterThan(0);
      let file = '';
      for (const m of refs) {
        if (m[1] !== '…') {
          file = m[1]!.trim();
          expect(existsSync(path.resolve(file)), file).toBe(true);
        }
        const title = norm(m[2]!.split(' › ').pop() ?? '');
        if (title && !title.includes('…')) expect(hasTitle(file, title), `${file}: ${title}`).toBe(true);
      }
    }
  });
});
