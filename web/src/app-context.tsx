// Who is signed in and the code lists, loaded once and shared by every page.
import { createContext, useContext } from 'react';
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
export const percent = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
