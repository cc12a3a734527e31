// The photo sets the match benchmark runs on: one folder per identity (../shared/faces-lfw, faces-east-asian,
// faces). Folders that are not identities (non-faces, group photos) are skipped; ../shared/faces' `impostors/`
// holds one photo per person, so each of its photos is its own identity.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface BenchPhoto {
  /** Identity label. */
  id: string;
  /** Path relative to the dataset root: the cache key. */
  key: string;
  file: string;
}

export interface Dataset {
  name: string;
  /** Who the photos show, as `hexin calibrate` and the report name it. */
  population: string;
  root: string;
  photos: BenchPhoto[];
}

const NOT_IDENTITIES = new Set(['non_faces', 'multi']);
const SINGLETONS = new Set(['impostors']);

export const POPULATIONS: Record<string, string> = {
  'faces-lfw': 'LFW (mostly Western news photos)',
  'faces-east-asian': 'East Asian (Chinese, Japanese, Korean public figures)',
  faces: '../shared/faces (5 people + 4 impostors)',
};

export function loadDataset(root: string): Dataset {
  const name = path.basename(path.resolve(root));
  const photos: BenchPhoto[] = [];
  for (const dir of readdirSync(root).sort()) {
    const folder = path.join(root, dir);
    if (NOT_IDENTITIES.has(dir) || !statSync(folder).isDirectory()) continue;
    for (const f of readdirSync(folder).sort()) {
      if (!/\.(jpe?g|png)$/i.test(f)) continue;
      const id = SINGLETONS.has(dir) ? `${dir}/${f}` : dir;
      photos.push({ id, key: `${dir}/${f}`, file: path.join(folder, f) });
    }
  }
  if (photos.length === 0) throw new Error(`${root} holds no identity folders with photos`);
  return { name, population: POPULATIONS[name] ?? name, root, photos };
}
