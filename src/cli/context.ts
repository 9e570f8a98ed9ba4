// Opens the store a command asks for, and always closes it.
import { type OpenOptions, type Store, openStore, resolveLocation } from '../store/store.js';
import { isSqliteError, translateSqliteError } from '../store/dialects/sqlite.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export async function withStore<T>(opts: GlobalOptions, open: OpenOptions, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(resolveLocation(opts.db), open);
  try {
    return await run(store);
  } catch (error) {
    throw inStoreWords(store, error);
  } finally {
    await store.close();
  }
}

/** A driver error met mid-command (a file locked by another writer, say), naming the file. */
export function inStoreWords(store: Store, error: unknown): unknown {
  return store.dialect === 'sqlite' && isSqliteError(error) ? translateSqliteError(error, store.location) : error;
}
