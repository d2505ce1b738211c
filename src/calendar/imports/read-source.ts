import { readFile, stat } from 'node:fs/promises';
import { HeraldError } from '../../core/errors.js';
import type { ImportSource } from './sources.js';

/** Reading an import's source failed (the file, the server, the network); its events are kept. */
export class ImportSourceError extends HeraldError {
  readonly code = 'import_failed';
}

/** What was learnt of a source at its last reading, to ask only for what changed. */
export interface SourceValidators {
  readonly etag?: string;
  readonly lastModified?: string;
  /** A file's modification time and size. */
  readonly fileStamp?: string;
}

export type SourceReading =
  | { readonly status: 'unchanged' }
  | { readonly status: 'read'; readonly text: string; readonly validators: SourceValidators };

/** A calendar bigger than this is refused (a feed of every event of a decade is a few MB). */
export const MAX_CALENDAR_BYTES = 20 * 1024 * 1024;

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Reads a source when it changed since `known`: a file by its modification time and size, a
 * URL with If-None-Match (ETag) and If-Modified-Since (Last-Modified), so a 304 costs one
 * small request and nothing else. Throws ImportSourceError with the reason and a fix.
 */
export async function readSource(
  source: ImportSource,
  known: SourceValidators,
  fetchImpl: Fetch = fetch,
  timeoutMs = 30_000,
): Promise<SourceReading> {
  if (source.location.kind === 'file') return readFileSource(source.location.path, known);
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' };
  if (known.etag) headers['if-none-match'] = known.etag;
  if (known.lastModified) headers['if-modified-since'] = known.lastModified;
  let response: Response;
  try {
    response = await fetchImpl(source.location.url, {
      headers,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new ImportSourceError(
      `could not be reached (${reason})`,
      'check the address and the network; Herald tries again at the next interval',
    );
  }
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: 'unchanged' };
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ImportSourceError(
      `answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
      response.status === 404 || response.status === 410
        ? 'check the address (the calendar may have moved, or its secret address changed)'
        : response.status === 401 || response.status === 403
          ? 'the calendar is not public: use its secret iCal address'
          : 'the server failed; Herald tries again at the next interval',
    );
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_CALENDAR_BYTES) {
    await response.body?.cancel();
    throw tooBig(declared);
  }
  const text = await response.text();
  if (text.length > MAX_CALENDAR_BYTES) throw tooBig(text.length);
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  return {
    status: 'read',
    text,
    validators: {
      ...(etag ? { etag } : {}),
      ...(lastModified ? { lastModified } : {}),
    },
  };
}

async function readFileSource(file: string, known: SourceValidators): Promise<SourceReading> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new ImportSourceError(`${file} is a folder`, 'name the .ics file inside it');
    const stamp = `${info.mtimeMs}:${info.size}`;
    if (known.fileStamp === stamp) return { status: 'unchanged' };
    if (info.size > MAX_CALENDAR_BYTES) throw tooBig(info.size);
    return { status: 'read', text: await readFile(file, 'utf8'), validators: { fileStamp: stamp } };
  } catch (error) {
    if (error instanceof ImportSourceError) throw error;
    throw fileError(file, error);
  }
}

/** A file that cannot be read, as one line with its fix (never a stack). */
export function fileError(file: string, error: unknown): ImportSourceError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT')
    return new ImportSourceError(
      `${file} does not exist`,
      'check the path (a relative path starts from the config folder)',
    );
  if (code === 'EACCES' || code === 'EPERM')
    return new ImportSourceError(
      `${file} cannot be read (permission denied)`,
      'let the user Herald runs as read it',
    );
  if (code === 'EISDIR') return new ImportSourceError(`${file} is a folder`, 'name the .ics file inside it');
  return new ImportSourceError(
    `${file} cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`,
    'check the file',
  );
}

function tooBig(bytes: number): ImportSourceError {
  return new ImportSourceError(
    `is ${Math.round(bytes / 1024 / 1024)} MB, over the ${MAX_CALENDAR_BYTES / 1024 / 1024} MB Herald reads`,
    'import a smaller calendar (one with the launches only)',
  );
}
