// The one way the web talks to the server: cookies for the session, the CSRF header on writes,
// errors turned into ApiError with the server's message (already in the user's language).
export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
  fix: string;
  /** Absent from issues stored before English fixes existed. */
  fixEn?: string;
}

/** How to fix a problem in the page's language: the English fix in English (the Chinese one when there is none). */
export function fixIn(lang: string, e: { fix: string; fixEn?: string }): string {
  return lang === 'en' ? e.fixEn || e.fix : e.fix;
}

/** One error as a line in the reader's language: the message, then the fix in brackets. */
export function errorLine(lang: string, e: { message: string; messageEn?: string; fix: string; fixEn?: string }): string {
  const message = lang === 'en' ? e.messageEn || e.message : e.message;
  if (!e.fix) return message;
  return lang === 'en' ? `${message} (${fixIn(lang, e)})` : `${message}（${e.fix}）`;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';
let language = 'zh-CN';
let onUnauthorized: () => void = () => undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function setLanguage(lang: string): void {
  language = lang;
}
export function setOnUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

/** No answer from the server at all: the line dropped or the server is down. */
export function networkError(): ApiError {
  return new ApiError(0, 'network', language === 'en' ? 'No connection to the server: check the network and try again' : '网络中断，未能连接服务器：请检查网络后重试');
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': language };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => {
    // The browser's own words ("TypeError: Failed to fetch") are English and say nothing to a cadre.
    throw networkError();
  });
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const d = (data ?? {}) as { error?: string; message?: string; errors?: FieldError[] };
    if (res.status === 401 && path !== '/auth/login') onUnauthorized();
    throw new ApiError(res.status, d.error ?? 'error', d.message ?? res.statusText, d.errors ?? []);
  }
  return data as T;
}

export interface User {
  userId: number;
  username: string;
  displayName: string;
  role: string;
  roleLabel: { zh: string; en: string };
  regionCode: string;
  regionName: string;
  department: string | null;
  mustChangePassword: boolean;
}

export interface RegionStats {
  code: string;
  name: string;
  level: number;
  households: number;
  people: number;
  poor: number;
  exited: number;
  relapsed: number;
  removed: number;
  poorPeople: number;
  exitedPeople: number;
  relapsedPeople: number;
  removedPeople: number;
  ruralPopulation: number;
  povertyIncidence: number | null;
}

/** Where a year's figures come from (GET /stats?year=): a closed year's snapshot, an earlier year's status events, or today. */
export interface YearStats extends RegionStats {
  year: number | null;
  frozen: boolean;
  source: 'snapshot' | 'events' | 'live';
}

export interface Dashboard {
  stats: YearStats & { children: RegionStats[] };
  causes: { key: string; households: number; people: number }[];
  attributes: { key: string; households: number; people: number }[];
  exitsByYear: { key: string; households: number; people: number }[];
}

export interface ListItem {
  id: number;
  householdNo: string;
  villageCode: string;
  villageName: string;
  townName: string;
  headName: string | null;
  headIdNumber: string | null;
  memberCount: number;
  attribute: string;
  mainCause: string;
  status: string;
  identifiedYear: number;
  exitYear: number | null;
  version: number;
}

export type Income = Record<string, number> & { year: number; netIncomePerCapita: number | null };

export interface HouseholdFile {
  household: Record<string, unknown> & { id: number; version: number; householdNo: string; status: string; villageCode: string; memberCount: number };
  village: { code: string; path: { code: string; name: string }[] };
  members: (Record<string, unknown> & { id: number; name: string; idNumber: string })[];
  incomes: Income[];
  events: { type: string; date: string; reason: string | null; basis: string | null; actor: string }[];
  audit: { seq: number; at: string; actor: string; action: string; before: unknown; after: unknown }[];
  /** The import batches that created or changed the household: one audit entry covers a whole batch. */
  imports: HouseholdImport[];
}

export interface HouseholdImport {
  batchId: number;
  batchName: string;
  kind: 'created' | 'updated';
  /** household, members, income:YEAR; empty for a household created whole. */
  parts: string[];
  at: string;
  actor: string;
  fileName: string;
  fileSha256: string;
  files: { position: number; name: string }[];
  /** The files open to this account (the batch's importer or an admin). */
  filesOpen: boolean;
  /** What an update changed: fields and income components [before, after], members by name. */
  detail: {
    household?: Record<string, [unknown, unknown]>;
    members?: { added: string[]; removed: string[]; changed: string[] };
    incomes?: Record<string, Record<string, [number | null, number]>>;
  };
}

export interface CodeLists {
  [list: string]: { zh: string; en: string; items: { code: string; zh: string; en: string }[] };
}

export const writers = new Set(['admin', 'regionAdmin', 'villageCadre']);

/**
 * Sends a file as the raw request body (the import endpoint takes one file per request), reporting
 * the upload's progress: on a village's slow line a large workbook takes a while to leave.
 */
/**
 * Uploads one file as the raw request body (its name in `x-file-name`), or several (a household
 * CSV and a member CSV, say) as multipart/form-data, reporting the fraction sent.
 */
export function upload<T>(path: string, files: File | readonly File[], onProgress: (fraction: number) => void): Promise<T> {
  const list = Array.isArray(files) ? files : [files as File];
  const single = list.length === 1 ? list[0] : undefined;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('accept-language', language);
    if (single) {
      xhr.setRequestHeader('x-file-name', encodeURIComponent(single.name));
      xhr.setRequestHeader('content-type', /\.csv$/i.test(single.name) ? 'text/csv' : 'application/octet-stream');
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown = {};
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // keep the empty object: the status says what happened
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const d = data as { error?: string; message?: string; errors?: FieldError[] };
      if (xhr.status === 401) onUnauthorized();
      reject(new ApiError(xhr.status, d.error ?? 'error', d.message ?? xhr.statusText, d.errors ?? []));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', language === 'en' ? 'Network error: the upload did not reach the server' : '网络中断：文件未能上传到服务器，请重试'));
    if (single) xhr.send(single);
    else {
      // The browser writes the multipart boundary into the content type itself.
      const form = new FormData();
      for (const f of list) form.append('file', f, f.name);
      xhr.send(form);
    }
  });
}

/** Uploads a file as the raw request body (department files for cross-checks), with the CSRF header. */
export async function apiUpload<T>(path: string, file: File): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': language, 'x-csrf-token': csrfToken, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) };
  const res = await fetch(`/api/v1${path}`, { method: 'POST', headers, credentials: 'same-origin', body: file });
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const d = (data ?? {}) as { error?: string; message?: string; errors?: FieldError[] };
    if (res.status === 401) onUnauthorized();
    throw Object.assign(new ApiError(res.status, d.error ?? 'error', d.message ?? res.statusText, d.errors ?? []), { body: data });
  }
  return data as T;
}
