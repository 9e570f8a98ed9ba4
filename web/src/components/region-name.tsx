// A region's name where a page would otherwise print its 12-digit code: officials know 汉滨区,
// not 610902000000. Names never change within a session, so each is asked for once.
import { useEffect, useState } from 'react';
import { api } from '../api';

const names = new Map<string, Promise<string>>();

function nameOf(code: string): Promise<string> {
  let name = names.get(code);
  if (!name) {
    name = api<{ region: { name: string } }>('GET', `/regions/${code}`).then(
      (r) => r.region.name,
      () => code,
    );
    names.set(code, name);
  }
  return name;
}

export function RegionName({ code }: { code: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setName(null);
    void nameOf(code).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [code]);
  return <span title={code}>{name ?? code}</span>;
}
