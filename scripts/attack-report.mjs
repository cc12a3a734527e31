// Prints the attack suite's figures (attack-results/*.json, written by `npm run test:attack`) as the table the
// README's security section quotes.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './lib/hosts.mjs';

const dir = path.join(repoRoot, 'attack-results');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
if (files.length === 0) {
  console.log('[attack] no figures yet: run `npm run test:attack`.');
  process.exit(0);
}
console.log('| attack | inputs | crashes | let through | notes |');
console.log('|---|---:|---:|---:|---|');
for (const f of files.sort()) {
  const r = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  const notes = Object.entries(r.notes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`| ${r.attack} | ${r.inputs} | ${r.crashes} | ${r.accepted} | ${notes} |`);
}
