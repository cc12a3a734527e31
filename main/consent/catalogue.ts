// The agreement catalogue: which agreements exist (id, version, language, file, separate confirmations), their
// texts with `{{placeholder}}`s filled from config, and the SHA-256 of the exact text shown to the person.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { HexinError } from '../../common/errors';
import { ConfirmationSchema, LanguageSchema, type RenderedAgreement } from '../../common/consent';
import type { Language } from '../../common/messages';
import { renderAgreement } from './render';

/** The built-in catalogue shipped with the app (our own default agreement). */
export const BUILTIN_AGREEMENTS_DIR = fileURLToPath(new URL('../../agreements/', import.meta.url));

const CatalogueEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  version: z.string().regex(/^[0-9A-Za-z.+-]+$/),
  language: LanguageSchema,
  // A plain file name inside the catalogue's directory: no path separators, so a config can't point outside it.
  file: z.string().regex(/^[^/\\]+\.md$/),
  confirmations: z.array(ConfirmationSchema).default([]),
});
const CatalogueFileSchema = z.object({ agreements: z.array(CatalogueEntrySchema) });

export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema> & { dir: string };

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
const MAX_AGREEMENT_BYTES = 256 * 1024;

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Fills every `{{name}}`; a placeholder without a value is a configuration error, never shown as braces. */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string | undefined>>,
): string {
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name];
    if (v === undefined || v === '') {
      missing.add(name);
      return '';
    }
    return v;
  });
  if (missing.size > 0) {
    throw new HexinError(
      'AGREEMENT_PLACEHOLDER_MISSING',
      `agreement placeholders without a value: ${[...missing].join(', ')}`,
      {
        missing: [...missing],
      },
    );
  }
  return filled;
}

export class AgreementCatalogue {
  /**
   * Each agreement file's text, read (and size-checked) on its first render and kept for the catalogue's life: the
   * consent screen renders on every session, and the file does not change under a running kiosk. An agreement
   * edited on disk is shown after a restart (a new catalogue). A read that failed is not kept: the next render tries
   * the file again.
   */
  private readonly templates = new Map<string, Promise<string>>();

  private constructor(private readonly entries: CatalogueEntry[]) {}

  /** Reads catalogue.json from each directory (built-in first); later directories may add newer versions. */
  static async load(dirs: readonly string[] = [BUILTIN_AGREEMENTS_DIR]): Promise<AgreementCatalogue> {
    const entries: CatalogueEntry[] = [];
    for (const dir of dirs) {
      const file = path.join(dir, 'catalogue.json');
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(file, 'utf8'));
      } catch (e) {
        throw new HexinError(
          'AGREEMENT_CATALOGUE_INVALID',
          `cannot read agreement catalogue ${file}: ${(e as Error).message}`,
        );
      }
      const parsed = CatalogueFileSchema.safeParse(raw);
      if (!parsed.success) {
        throw new HexinError(
          'AGREEMENT_CATALOGUE_INVALID',
          `agreement catalogue ${file} is invalid: ${parsed.error.message}`,
        );
      }
      for (const e of parsed.data.agreements) entries.push({ ...e, dir });
    }
    return new AgreementCatalogue(entries);
  }

  private template(file: string): Promise<string> {
    let template = this.templates.get(file);
    if (!template) {
      template = readTemplate(file);
      this.templates.set(file, template);
      template.catch(() => this.templates.delete(file));
    }
    return template;
  }

  list(): readonly CatalogueEntry[] {
    return this.entries;
  }

  /** The newest version of `id` in `language` (or exactly `version` when given). */
  find(id: string, language: Language, version?: string): CatalogueEntry {
    const matches = this.entries.filter(
      (e) => e.id === id && e.language === language && (!version || e.version === version),
    );
    if (matches.length === 0) {
      throw new HexinError(
        'AGREEMENT_NOT_FOUND',
        `no agreement ${id}${version ? '@' + version : ''} in ${language}`,
      );
    }
    return matches.sort((a, b) => compareVersions(b.version, a.version))[0]!;
  }

  /** The exact text shown (placeholders filled) and its blocks and hash. */
  async render(
    id: string,
    language: Language,
    placeholders: Readonly<Record<string, string | undefined>>,
    version?: string,
  ): Promise<RenderedAgreement & { text: string }> {
    const entry = this.find(id, language, version);
    const text = fillPlaceholders(await this.template(path.join(entry.dir, entry.file)), placeholders);
    const blocks = renderAgreement(text);
    const first = blocks[0];
    const title =
      first && first.kind === 'heading'
        ? first.spans.map((s) => (s.kind === 'text' ? s.text : s.label)).join('')
        : entry.id;
    return {
      id: entry.id,
      version: entry.version,
      language: entry.language,
      title,
      sha256: sha256Hex(text),
      blocks,
      confirmations: entry.confirmations,
      text,
    };
  }
}

/** An agreement file's text, refused when it cannot be read or is over MAX_AGREEMENT_BYTES. */
async function readTemplate(file: string): Promise<string> {
  const bytes = await readFile(file).catch((e: Error) => {
    throw new HexinError('AGREEMENT_NOT_FOUND', `cannot read agreement text ${file}: ${e.message}`);
  });
  if (bytes.length > MAX_AGREEMENT_BYTES)
    throw new HexinError('AGREEMENT_CATALOGUE_INVALID', `agreement text ${file} is too large`);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** Dotted numeric versions compare numerically ("1.10" > "1.9"); anything else falls back to string order. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = Number(x);
    const ny = Number(y);
    const c = Number.isFinite(nx) && Number.isFinite(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return c;
  }
  return 0;
}
