// The one default-location rule: the data dir ($HEXIN_DATA_DIR, else ./.hexin-data) that the CLI's records, keys and
// env commands use, and the config file in it unless $HEXIN_CONFIG_FILE names another.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfigPath, defaultDataDir } from '../../../main/config/paths';

describe('default paths', () => {
  it('take the data dir from HEXIN_DATA_DIR, else ./.hexin-data, and the config file inside it', () => {
    expect(defaultDataDir({ HEXIN_DATA_DIR: '/srv/hexin' })).toBe('/srv/hexin');
    expect(defaultConfigPath({ HEXIN_DATA_DIR: '/srv/hexin' })).toBe('/srv/hexin/config.json');
    expect(defaultDataDir({})).toBe(path.resolve('.hexin-data'));
    expect(defaultConfigPath({})).toBe(path.resolve('.hexin-data', 'config.json'));
  });

  it('let HEXIN_CONFIG_FILE name the config file anywhere', () => {
    expect(defaultConfigPath({ HEXIN_DATA_DIR: '/srv/hexin', HEXIN_CONFIG_FILE: 'etc/k.json' })).toBe(
      path.resolve('etc/k.json'),
    );
  });
});
