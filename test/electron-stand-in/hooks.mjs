// Node module customization hooks (node:module register) that make `import … from 'electron'` — in the built main
// bundle and in the packages it imports (electron-store) — load the stand-in (./main.ts) instead of the npm
// package, whose index.js only locates a binary that cannot be installed here.
/** @type {string} */
let standIn = '';

/** @param {{ standIn: string }} data */
export function initialize(data) {
  standIn = data.standIn;
}

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, next) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: standIn, shortCircuit: true };
  return next(specifier, context);
}
