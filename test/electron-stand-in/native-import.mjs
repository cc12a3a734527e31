// import() by Node's own loader (with the module hooks registered in ./boot.ts), not by vitest's module runner:
// vitest.config.ts externalizes this one file, so the built bundle loads exactly as Electron's Node would load it.
/** @param {string} url */
export const nativeImport = (url) => import(url);
