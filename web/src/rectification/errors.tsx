// A refusal from the server shown the way every rectification page shows it: the message, then
// each field's problem and how to fix it.
import type { ReactNode } from 'react';
import { ApiError, errorLine } from '../api';
import { useLang } from '../i18n';

export function useErrorText(): (e: unknown) => ReactNode {
  const { lang } = useLang();
  return (e: unknown) => {
    if (!(e instanceof ApiError)) return String(e);
    if (e.errors.length === 0) return e.message;
    return (
      <div data-testid="rect-error">
        {e.errors.map((f, i) => (
          <div key={i}>
            {errorLine(lang, f)}
          </div>
        ))}
      </div>
    );
  };
}
