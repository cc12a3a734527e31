// What the records CLI commands share: finding the data dir, reading the records and consent sections of a
// config file, and opening the services with the 0600 key-file provider.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HexinError } from '../../common/errors';
import { defaultDataDir } from '../config/paths';
import { assertConfigFileSize } from '../config/store';
import { AgreementCatalogue, BUILTIN_AGREEMENTS_DIR } from '../consent/catalogue';
import { ConsentConfigSchema, type ConsentConfig } from '../consent/config';
import { ConsentService } from '../consent/service';
import { RecordsConfigSchema, resolveRecordsPaths, type RecordsConfig } from './config';
import { DsrService } from './dsr';
import { FileKeyProvider } from './keys';
import { RecordsService } from './service';

export interface CliRecordsOptions {
  dataDir?: string | undefined;
  configFile?: string | undefined;
}

export interface CliRecords {
  config: RecordsConfig;
  consentConfig: ConsentConfig;
  records: RecordsService;
  consent: ConsentService;
  dsr: DsrService;
}

async function readConfigFile(file: string | undefined): Promise<Record<string, unknown>> {
  if (!file) return {};
  let raw: unknown;
  assertConfigFileSize(file);
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new HexinError('RECORDS_CONFIG_INVALID', `cannot read config ${file}: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HexinError('RECORDS_CONFIG_INVALID', `config ${file} must be a JSON object`);
  }
  return raw as Record<string, unknown>;
}

/** Parses a config section, turning schema problems into one clear error naming each field. */
function section<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  name: string,
): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${[name, ...i.path.map(String)].join('.')}: ${i.message}`);
  throw new HexinError('RECORDS_CONFIG_INVALID', problems.join('; '), { problems });
}

export async function openCliRecords(opts: CliRecordsOptions): Promise<CliRecords> {
  const file = await readConfigFile(opts.configFile);
  const appDataDir = path.resolve(opts.dataDir ?? defaultDataDir());
  const config = resolveRecordsPaths(section(RecordsConfigSchema, file.records, 'records'), appDataDir);
  const consentConfig = section(ConsentConfigSchema, file.consent, 'consent');
  const records = await RecordsService.open(config, new FileKeyProvider(config.keyFile));
  const catalogue = await AgreementCatalogue.load([
    BUILTIN_AGREEMENTS_DIR,
    ...consentConfig.extraAgreementDirs,
  ]);
  const consent = new ConsentService(catalogue, consentConfig, records);
  return { config, consentConfig, records, consent, dsr: new DsrService(records, consent) };
}
