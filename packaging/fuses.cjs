// electron-builder afterPack hook: flips Electron's fuses in the packed binary (https://www.electronjs.org/docs/latest/tutorial/fuses).
// A kiosk binary must not be usable as a Node interpreter or a debugger target, and must load only its own archive:
// RunAsNode off, NODE_OPTIONS off, --inspect off, app only from app.asar, cookies encrypted; the archive's integrity
// is validated where Electron supports it (macOS and Windows only, per its documentation).
// HEXIN_TEST_BUILD=1 builds the test variant that keeps the inspect fuse, which Playwright's _electron needs.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

function executable(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin') return path.join(appOutDir, `${name}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

/** The fuse settings for a platform; exported for the test that checks them. */
function fuseSettings(platform, testBuild) {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: platform === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: platform === 'darwin' || platform === 'win32',
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

async function afterPack(context) {
  const testBuild = process.env.HEXIN_TEST_BUILD === '1';
  const file = executable(context);
  console.log(`[hexin] fuses: ${file}${testBuild ? ' (test build: inspect fuse kept for Playwright)' : ''}`);
  await flipFuses(file, fuseSettings(context.electronPlatformName, testBuild));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.fuseSettings = fuseSettings;
