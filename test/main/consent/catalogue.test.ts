// The agreement catalogue: our own default agreement in both languages, placeholders filled from config, the hash
// of the exact text shown, and clear errors for broken catalogues.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RenderedAgreementSchema } from '../../../common/consent';
import { AgreementCatalogue, fillPlaceholders } from '../../../main/consent/catalogue';
import { ConsentConfigSchema } from '../../../main/consent/config';

const placeholders = {
  ...ConsentConfigSchema.parse({}).placeholders,
  company: '示例银行股份有限公司',
  product: '开户',
  contactChannel: '客服热线 95500',
  retentionDays: '30',
};

describe('AgreementCatalogue (built-in)', () => {
  it('lists the default agreement in zh-CN and en', async () => {
    const cat = await AgreementCatalogue.load();
    expect(
      cat
        .list()
        .map((e) => `${e.id}@${e.version}/${e.language}`)
        .sort(),
    ).toEqual(['hexin-pi-authorization@1.0.0/en', 'hexin-pi-authorization@1.0.0/zh-CN']);
  });

  for (const language of ['zh-CN', 'en'] as const) {
    it(`fills every placeholder of the ${language} text and hashes the exact text shown`, async () => {
      const cat = await AgreementCatalogue.load();
      const a = await cat.render('hexin-pi-authorization', language, placeholders);
      RenderedAgreementSchema.parse({ ...a, text: undefined });
      expect(a.text).not.toMatch(/\{\{|\}\}/);
      expect(a.text).toContain('示例银行股份有限公司');
      expect(a.text).toContain('客服热线 95500');
      expect(a.text).toMatch(/30 ?(天|days)/);
      expect(a.sha256).toBe(createHash('sha256').update(a.text, 'utf8').digest('hex'));
      expect(a.confirmations.map((c) => c.id)).toEqual([
        'sensitive-personal-information',
        'result-to-third-party',
      ]);
      expect(a.blocks[0]!.kind).toBe('heading');
      expect(a.blocks.filter((b) => b.kind === 'heading').length).toBe(7);
      // Config values change the text, so they change the hash the receipt records.
      const b = await cat.render('hexin-pi-authorization', language, { ...placeholders, retentionDays: '7' });
      expect(b.sha256).not.toBe(a.sha256);
    });
  }

  it('refuses to render with a placeholder left unset', async () => {
    const cat = await AgreementCatalogue.load();
    await expect(
      cat.render('hexin-pi-authorization', 'zh-CN', { ...placeholders, retentionDays: undefined }),
    ).rejects.toMatchObject({
      code: 'AGREEMENT_PLACEHOLDER_MISSING',
    });
  });

  it('reports an unknown agreement', async () => {
    const cat = await AgreementCatalogue.load();
    await expect(cat.render('nope', 'zh-CN', placeholders)).rejects.toMatchObject({
      code: 'AGREEMENT_NOT_FOUND',
    });
  });
});

describe('AgreementCatalogue (deployment directory)', () => {
  it('picks the newest version and rejects invalid catalogues', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hexin-cat-'));
    await writeFile(path.join(dir, 'a1.md'), '# 协议 v1\n正文【 】');
    await writeFile(path.join(dir, 'a2.md'), '# 协议 v10\n正文 {{company}}');
    await writeFile(
      path.join(dir, 'catalogue.json'),
      JSON.stringify({
        agreements: [
          { id: 'bank', version: '1.9', language: 'zh-CN', file: 'a1.md' },
          { id: 'bank', version: '1.10', language: 'zh-CN', file: 'a2.md' },
        ],
      }),
    );
    const cat = await AgreementCatalogue.load([dir]);
    const a = await cat.render('bank', 'zh-CN', { company: '甲' });
    expect(a.version).toBe('1.10');
    expect(a.title).toBe('协议 v10');
    const old = await cat.render('bank', 'zh-CN', {}, '1.9');
    expect(old.blocks[1]!.spans[1]).toEqual({ kind: 'blank', label: '', bold: false });

    await writeFile(
      path.join(dir, 'catalogue.json'),
      JSON.stringify({
        agreements: [{ id: 'x', version: '1', language: 'zh-CN', file: '../etc/passwd.md' }],
      }),
    );
    await expect(AgreementCatalogue.load([dir])).rejects.toMatchObject({
      code: 'AGREEMENT_CATALOGUE_INVALID',
    });
    await writeFile(path.join(dir, 'catalogue.json'), '{not json');
    await expect(AgreementCatalogue.load([dir])).rejects.toMatchObject({
      code: 'AGREEMENT_CATALOGUE_INVALID',
    });
  });

  it('reads each agreement text once: a change on disk shows after a restart; a failed read is tried again', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hexin-cat-'));
    await writeFile(path.join(dir, 'a.md'), '# 协议\n正文 {{company}}');
    await writeFile(
      path.join(dir, 'catalogue.json'),
      JSON.stringify({
        agreements: [
          { id: 'bank', version: '1', language: 'zh-CN', file: 'a.md' },
          { id: 'late', version: '1', language: 'zh-CN', file: 'late.md' },
        ],
      }),
    );
    const cat = await AgreementCatalogue.load([dir]);
    const first = await cat.render('bank', 'zh-CN', { company: '甲' });
    await writeFile(path.join(dir, 'a.md'), '# 改过的协议\n别的正文');
    // The same text and hash for the rest of the run, placeholders still filled per call.
    expect(await cat.render('bank', 'zh-CN', { company: '甲' })).toEqual(first);
    expect((await cat.render('bank', 'zh-CN', { company: '乙' })).text).toBe('# 协议\n正文 乙');
    const restarted = await AgreementCatalogue.load([dir]);
    expect((await restarted.render('bank', 'zh-CN', { company: '甲' })).title).toBe('改过的协议');

    await expect(cat.render('late', 'zh-CN', {})).rejects.toMatchObject({ code: 'AGREEMENT_NOT_FOUND' });
    await writeFile(path.join(dir, 'late.md'), '# 后来的协议');
    expect((await cat.render('late', 'zh-CN', {})).title).toBe('后来的协议');
  });

  it('refuses an agreement text over 256 KiB, every time', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hexin-cat-'));
    await writeFile(path.join(dir, 'big.md'), '# 协议\n' + '字'.repeat(100_000));
    await writeFile(
      path.join(dir, 'catalogue.json'),
      JSON.stringify({ agreements: [{ id: 'big', version: '1', language: 'zh-CN', file: 'big.md' }] }),
    );
    const cat = await AgreementCatalogue.load([dir]);
    for (let i = 0; i < 2; i++)
      await expect(cat.render('big', 'zh-CN', {})).rejects.toMatchObject({
        code: 'AGREEMENT_CATALOGUE_INVALID',
      });
  });

  it('fillPlaceholders names every missing placeholder', () => {
    expect(() => fillPlaceholders('{{a}} {{ b }} {{a}}', {})).toThrow(/a, b/);
    expect(fillPlaceholders('x{{ a }}y', { a: '1' })).toBe('x1y');
  });
});
