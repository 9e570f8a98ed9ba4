// Opens the store a command asks for, and always closes it.
import { type OpenOptions, type Store, openStore, resolveLocation } from '../store/store.js';

export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export async function withStore<T>(opts: GlobalOptions, open: OpenOptions, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(resolveLocation(opts.db), open);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
