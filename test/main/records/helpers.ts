// Shared set-up for records and consent tests: a fresh data directory with a real key file and a settable clock.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AgreementCatalogue } from '../../../main/consent/catalogue';
import { ConsentConfigSchema } from '../../../main/consent/config';
import { ConsentService } from '../../../main/consent/service';
import { RecordsConfigSchema, type RecordsConfig } from '../../../main/records/config';
import { FileKeyProvider } from '../../../main/records/keys';
import { RecordsService } from '../../../main/records/service';

export interface TestKiosk {
  root: string;
  config: RecordsConfig;
  clock: { t: number };
  records: RecordsService;
  consent: ConsentService;
}

export async function openTestKiosk(
  overrides: Partial<RecordsConfig> = {},
  root?: string,
): Promise<TestKiosk> {
  root ??= await mkdtemp(path.join(tmpdir(), 'hexin-kiosk-'));
  const config = RecordsConfigSchema.parse({
    dataDir: path.join(root, 'data'),
    keyFile: path.join(root, 'records.key'),
    kioskId: 'kiosk-test-01',
    ...overrides,
  });
  const clock = { t: Date.parse('2026-03-02T02:00:00Z') };
  const records = await RecordsService.open(
    config,
    new FileKeyProvider(config.keyFile),
    () => new Date(clock.t),
  );
  const consentConfig = ConsentConfigSchema.parse({
    placeholders: { company: '示例银行', contactChannel: '95500' },
  });
  const consent = new ConsentService(await AgreementCatalogue.load(), consentConfig, records);
  return { root, config, clock, records, consent };
}

/** The person agrees (zh-CN, every confirmation) to the agreement the kiosk shows now, as the consent step records it. */
export async function agreeToCurrent(k: TestKiosk, sessionId: string, { guardian = false } = {}) {
  const shown = await k.consent.current('zh-CN');
  return k.consent.record({
    sessionId,
    agreementId: shown.id,
    version: shown.version,
    language: 'zh-CN',
    sha256: shown.sha256,
    decision: 'agree',
    confirmations: ['sensitive-personal-information', 'result-to-third-party'],
    guardian,
  });
}

/** A valid-looking resident ID number (GB 11643 check digit) from a 17-digit body. */
export function idNumberFrom(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
  return body17 + '10X98765432'[sum % 11]!;
}
