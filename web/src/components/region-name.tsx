// A region's name where a page would otherwise print its 12-digit code: officials know 汉滨区,
// not 610902000000. Names never change within a session, so each is asked for once.
import { useEffect, useState } from 'react';
import { api } from '../api';
import { useApp } from '../app-context';

const names = new Map<string, Promise<string>>();

/** The digits that name a region; the rest are zeros (province 2, city 4, county 6, town 9, village 12). */
function prefixOf(code: string): string {
  for (const n of [2, 4, 6, 9]) if (/^0+$/.test(code.slice(n))) return code.slice(0, n);
  return code;
}

function nameOf(code: string, own: string): Promise<string> {
  let name = names.get(code);
  if (!name) {
    // A region above the reader's own (a town officer's county or city) is out of their scope for
    // GET /regions/:code, which answers 403; its name comes with their own region's ancestors.
    const above = code !== own && own.startsWith(prefixOf(code));
    name = above
      ? api<{ ancestors: { code: string; name: string }[] }>('GET', `/regions/${own}`).then(
          (r) => r.ancestors.find((a) => a.code === code)?.name ?? code,
          () => code,
        )
      : api<{ region: { name: string } }>('GET', `/regions/${code}`).then(
          (r) => r.region.name,
          () => code,
        );
    names.set(code, name);
  }
  return name;
}

export function RegionName({ code }: { code: string }) {
  const { user } = useApp();
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setName(null);
    void nameOf(code, user.regionCode).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [code, user.regionCode]);
  return <span title={code}>{name ?? code}</span>;
}
