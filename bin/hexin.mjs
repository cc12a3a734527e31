#!/usr/bin/env node
// The `hexin` command for staff and operators. The core is TypeScript; tsx compiles it on the fly so the
// CLI runs from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
