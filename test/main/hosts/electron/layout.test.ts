// The Electron host's two path rules that broke once built: the app's origin (Node's URL says "null" for hexin://)
// and where models and workers are in development and in a package.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../../main/hosts/electron/origin';
import { electronLayout, unpackedPath } from '../../../../main/hosts/electron/paths';

describe('isAppUrl', () => {
  it('accepts the app scheme and host, which URL.origin cannot compare', () => {
    expect(new URL('hexin://app/index.html').origin).toBe('null');
    expect(isAppUrl('hexin://app/index.html', 'hexin://app')).toBe(true);
    expect(isAppUrl('hexin://app', 'hexin://app')).toBe(true);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
  });

  it('refuses other hosts, schemes, ports, credentials and garbage', () => {
    for (const url of [
      'hexin://app.evil/index.html',
      'hexin://evil/index.html',
      'hexin://user@app/index.html',
      'https://app/index.html',
      'file:///index.html',
      'http://localhost:5174/',
      'null',
      '',
    ])
      expect(isAppUrl(url, url.startsWith('http:') ? 'http://localhost:5173' : 'hexin://app'), url).toBe(
        false,
      );
  });
});

describe('electronLayout', () => {
  it('takes models from the repository in development and the build folder for workers', () => {
    const layout = electronLayout({
      packaged: false,
      resourcesPath: '/opt/electron/resources',
      appPath: '/src/hexin',
      mainDir: '/src/hexin/out/main',
    });
    expect(layout.modelsDir).toBe(path.join('/src/hexin', 'models'));
    expect(layout.workersDir).toBe('/src/hexin/out/main');
    expect(layout.demoFacesDir).toBe(path.resolve('/src/shared/faces'));
    expect(layout.describe).toMatch(/^development: models from the repository/);
  });

  it("takes models from the app's resources when packaged and workers from the unpacked archive", () => {
    const layout = electronLayout({
      packaged: true,
      resourcesPath: '/opt/Hexin Kiosk/resources',
      appPath: '/opt/Hexin Kiosk/resources/app.asar',
      mainDir: '/opt/Hexin Kiosk/resources/app.asar/out/main',
    });
    expect(layout.modelsDir).toBe(path.join('/opt/Hexin Kiosk/resources', 'models'));
    expect(layout.workersDir).toBe('/opt/Hexin Kiosk/resources/app.asar.unpacked/out/main');
    expect(layout.demoFacesDir).toBeNull();
    expect(layout.describe).toMatch(/^packaged app: models from the app's resources/);
    expect(unpackedPath('C:\\Hexin\\resources\\app.asar\\out\\main')).toBe(
      'C:\\Hexin\\resources\\app.asar.unpacked\\out\\main',
    );
    expect(unpackedPath('/x/my.app.asarx/out')).toBe('/x/my.app.asarx/out');
  });
});
