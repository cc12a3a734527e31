// AgreementSource backed by main/consent's catalogue: the configured agreement in the person's language, with the
// deployment's placeholders filled. The full text stays here; the session shows the blocks and records the hash.
import type { AgreementView, Language } from '../../../common/session';
import type { AppConfig } from '../../config/schema';
import type { AgreementCatalogue } from '../../consent/catalogue';
import type { AgreementOptions, AgreementSource } from '../ports';

/**
 * The agreement's placeholder values from the whole config: the consent section's words, plus what other sections
 * decide — the retention the agreement promises is the one the records sweeper enforces, so it is never typed twice.
 */
export function agreementPlaceholders(
  config: Pick<AppConfig, 'consent' | 'records'>,
): Record<string, string> {
  const p = config.consent.placeholders;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(p)) if (typeof value === 'string') values[key] = value;
  values.retentionDays ??= String(config.records.retentionDays.result);
  return values;
}

export class CatalogueAgreementSource implements AgreementSource {
  constructor(
    private readonly catalogue: AgreementCatalogue,
    private readonly agreementId: string,
    private readonly placeholders: Readonly<Record<string, string>>,
  ) {}

  async current(language: Language, options: AgreementOptions = {}): Promise<AgreementView> {
    const placeholders = options.thirdParty
      ? { ...this.placeholders, thirdParty: options.thirdParty }
      : this.placeholders;
    const rendered = await this.catalogue.render(this.agreementId, language, placeholders);
    const { text: _text, ...view } = rendered;
    return view;
  }
}
