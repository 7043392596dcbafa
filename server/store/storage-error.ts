/** Error codes of a disk that cannot take a write: full, over quota, read-only, failing, or a write cut short. */
const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO', 'EFBIG', 'SHORT_WRITE']);

/**
 * The disk refused a write, so the change was not kept (and nothing half-written was left
 * behind). The app answers 507: a kiosk keeps the tap queued and sends it again.
 */
export class StorageError extends Error {
  readonly code: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
    super(`${file}: ${code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : code === 'EROFS' ? 'the disk is read-only' : `the disk failed a write (${code})`}`, { cause });
    this.name = 'StorageError';
    this.code = code;
  }

  /** True when the disk is full (space can be freed) rather than broken. */
  get full(): boolean {
    return this.code === 'ENOSPC' || this.code === 'EDQUOT';
  }
}

/** `err` as a StorageError when it is the disk's fault, else unchanged. */
export function asStorageError(err: unknown, file: string): unknown {
  if (err instanceof StorageError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code && DISK_CODES.has(code) ? new StorageError(file, err) : err;
}
