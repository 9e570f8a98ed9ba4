// Choose a county by name among those in the user's area, instead of typing its 12-digit code.
// A county (or anything below) offers its own county; a city its counties; a province the
// counties of each of its cities.
import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { api, type RegionStats } from '../api';

const isCountyOrBelow = (code: string) => code.slice(4, 6) !== '00';
const isCity = (code: string) => code.slice(2, 4) !== '00' && !isCountyOrBelow(code);
const countyOf = (code: string) => `${code.slice(0, 6)}000000`;

const children = (code: string) => api<{ items: RegionStats[] }>('GET', `/regions/${code}/children`).then((r) => r.items);

async function countiesUnder(under: string): Promise<{ value: string; label: string }[]> {
  if (isCountyOrBelow(under)) {
    const county = countyOf(under);
    const r = await api<{ region: { name: string } }>('GET', `/regions/${county}`);
    return [{ value: county, label: r.region.name }];
  }
  const cities = isCity(under) ? [{ code: under, name: '' }] : await children(under);
  const lists = await Promise.all(cities.map(async (c) => (await children(c.code)).map((k) => ({ value: k.code, label: c.name ? `${c.name} · ${k.name}` : k.name }))));
  return lists.flat();
}

export function CountySelect(props: { under: string; value?: string; onChange?: (code: string) => void; testId?: string; width?: number }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    void countiesUnder(props.under).then(
      (o) => live && setOptions(o),
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, [props.under]);
  return (
    <Select
      showSearch
      optionFilterProp="label"
      style={{ width: props.width ?? 180 }}
      value={props.value || undefined}
      onChange={(v: string) => props.onChange?.(v)}
      options={options}
      data-testid={props.testId}
    />
  );
}
