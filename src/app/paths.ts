// Where the package lives, from both the sources (tests) and dist/ (installed).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the program');
    dir = parent;
  }
  return dir;
}

export const webDist = (): string => join(packageRoot(), 'web', 'dist');
