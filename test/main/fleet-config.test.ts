// The `fleet` config section: off by default; when on, the back office (https only) and the TLS files are required.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../main/config/load';
import { fleetConfigSchema } from '../../main/fleet/config';

describe('fleet config', () => {
  it('is off by default and strict', () => {
    expect(parseConfig({}).fleet.enabled).toBe(false);
    expect(fleetConfigSchema.safeParse({ enabeld: true }).success).toBe(false);
  });

  it('needs the back office and the mutual-TLS files when enabled, over https', () => {
    const missing = fleetConfigSchema.safeParse({ enabled: true });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path[0]).sort()).toEqual([
      'caFile',
      'certFile',
      'keyFile',
      'url',
    ]);
    const files = { caFile: 'ca.pem', certFile: 'kiosk.crt', keyFile: 'kiosk.key' };
    expect(
      fleetConfigSchema.safeParse({ enabled: true, url: 'http://fleet.example', ...files }).success,
    ).toBe(false);
    expect(
      fleetConfigSchema.safeParse({ enabled: true, url: 'https://fleet.example', ...files }).success,
    ).toBe(true);
  });
});
