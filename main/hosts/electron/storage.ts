// Where the Electron host keeps its secrets and settings. The records master key is sealed with safeStorage (bound
// to the OS user's keychain: DPAPI, Keychain, libsecret/kwallet). On Linux without a keyring safeStorage falls back
// to a fixed, publicly known password ("basic_text"): that seals nothing, so the 0600 key file is used instead and
// the reason is logged. The config goes through electron-store into the same <dataDir>/config.json the CLI edits.
import path from 'node:path';
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { errorMessage, HexinError } from '../../../common/errors';
import { assertConfigFileSize, type ConfigStore } from '../../config/store';
import { FileKeyProvider, SealedFileKeyProvider, type KeyProvider, type KeySealer } from '../../records/keys';
import type { Logger } from '../../util/log';

const safeStorageSealer: KeySealer = {
  // safeStorage works on strings; base64 carries the key bytes through it unchanged.
  seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
  unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
};

/** Why safeStorage cannot protect the key here, or null when it can. Call after app 'ready'. */
function safeStorageUnusable(): string | null {
  if (!safeStorage.isEncryptionAvailable()) return 'safeStorage reports no encryption available';
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no OS keyring (safeStorage backend basic_text)';
  }
  return null;
}

/** The provider for each key file the core asks for: the records key, the audit seal key, the lock-out key. */
export function electronKeyProvider(log: Logger): (keyFile: string) => KeyProvider {
  return (keyFile) => {
    const why = safeStorageUnusable();
    if (why) {
      log.warn(`key kept in the 0600 file ${keyFile}: ${why}`);
      return new FileKeyProvider(keyFile);
    }
    return new SealedFileKeyProvider(`${keyFile}.sealed`, safeStorageSealer, keyFile);
  };
}

/** electron-store over <dataDir>/config.json (mode 0600: it holds the staff PIN hash). Validation is load.ts's job. */
export class ElectronConfigStore implements ConfigStore {
  private readonly store: Store;

  constructor(readonly dataDir: string) {
    assertConfigFileSize(path.join(dataDir, 'config.json'));
    try {
      // clearInvalidConfig false: a hand-edited file with a typo must be reported, never silently emptied.
      this.store = new Store({
        cwd: dataDir,
        name: 'config',
        configFileMode: 0o600,
        clearInvalidConfig: false,
      });
    } catch (e) {
      throw new HexinError(
        'CONFIG_UNREADABLE',
        `config file ${dataDir}/config.json is not valid JSON: ${errorMessage(e)}`,
        { path: `${dataDir}/config.json` },
      );
    }
  }

  read(): unknown {
    assertConfigFileSize(this.store.path);
    return this.store.store;
  }

  write(value: unknown): void {
    this.store.store = value as Record<string, unknown>;
  }
}
