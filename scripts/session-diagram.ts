// Regenerates the session flow diagram in docs/session.md from the statechart (main/session/flow.ts).
// `npm run docs:session` rewrites it; `--check` only says whether it is current (exit 1 when not). The vitest test
// test/main/session/flow-diagram.test.ts makes the same check in `npm test`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withDiagram } from '../main/session/flow-diagram';

const file = path.join(import.meta.dirname, '..', 'docs', 'session.md');
const doc = readFileSync(file, 'utf8');
const next = withDiagram(doc);
if (process.argv.includes('--check')) {
  if (next !== doc) {
    console.error('docs/session.md: the flow diagram does not match the machine; run npm run docs:session');
    process.exit(1);
  }
  console.log('docs/session.md: the flow diagram matches the machine');
} else if (next !== doc) {
  writeFileSync(file, next);
  console.log('docs/session.md: flow diagram regenerated');
} else {
  console.log('docs/session.md: flow diagram already current');
}
