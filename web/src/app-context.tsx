// Who is signed in and the code lists, loaded once and shared by every page.
import { createContext, useContext } from 'react';
import dayjs from 'dayjs';
import type { CodeLists, User } from './api';
import type { Lang } from './i18n';

export interface AppState {
  user: User;
  codeLists: CodeLists;
  signOut: () => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('AppContext missing');
  return state;
}

/** The label of a code in the current language; unknown codes show as themselves. */
export function label(codeLists: CodeLists, list: string, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  const item = codeLists[list]?.items.find((i) => i.code === code);
  return item ? item[lang] : code;
}

export const fmt = new Intl.NumberFormat('zh-CN');
export const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
// The API sends instants in UTC (ISO text); people read them on their own clock, which in China is
// Beijing time. Slicing the ISO text showed the UTC day, a day early before 08:00.
/** The day of an instant (or a plain YYYY-MM-DD date, unchanged) on the reader's clock. */
export const dayOf = (iso: string) => dayjs(iso).format('YYYY-MM-DD');
/** An instant as "YYYY-MM-DD HH:mm" on the reader's clock. */
export const minuteOf = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
/** Today on the reader's clock. */
export const todayText = () => dayjs().format('YYYY-MM-DD');
export const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
