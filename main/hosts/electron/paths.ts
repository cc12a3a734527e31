// Where the Electron host finds what is not inside its bundles. Never relative to a bundled module: the build puts
// shared code in chunks (out/main/chunks/…), so a path such as `../../models` from a source file means something
// else once built. The host is the entry and knows the layout:
// - packaged (electron-builder): the models are extraResources (<resources>/models, checked by SHA-256 against their
//   manifest when they load), the worker entries are unpacked from app.asar (<resources>/app.asar.unpacked/out/main);
// - development (`electron .` in the repository): the repository's models/ and the build's out/main.
import path from 'node:path';

export interface ElectronLayoutInput {
  /** app.isPackaged */
  packaged: boolean;
  /** process.resourcesPath (Electron's resources folder; meaningful when packaged) */
  resourcesPath: string;
  /** app.getAppPath(): the repository in development, <resources>/app.asar when packaged */
  appPath: string;
  /** The folder of the main entry (out/main inside the app). */
  mainDir: string;
}

export interface ElectronLayout {
  modelsDir: string;
  workersDir: string;
  /** The demo cards' face photos (../shared/faces next to a development checkout; none in a package). */
  demoFacesDir: string | null;
  /** Said in the start-up log: where the models come from and why. */
  describe: string;
}

/** Files inside app.asar that Node's worker threads and native addons must read from the unpacked copy. */
export function unpackedPath(p: string): string {
  return p.replace(/\bapp\.asar(?=[\\/]|$)/, 'app.asar.unpacked');
}

export function electronLayout(input: ElectronLayoutInput): ElectronLayout {
  if (input.packaged) {
    const modelsDir = path.join(input.resourcesPath, 'models');
    return {
      modelsDir,
      workersDir: unpackedPath(input.mainDir),
      demoFacesDir: null,
      describe: `packaged app: models from the app's resources (${modelsDir})`,
    };
  }
  const modelsDir = path.join(input.appPath, 'models');
  return {
    modelsDir,
    workersDir: input.mainDir,
    demoFacesDir: path.resolve(input.appPath, '..', 'shared', 'faces'),
    describe: `development: models from the repository (${modelsDir})`,
  };
}
