/**
 * @module errors
 * The named error classes of Signaalwijzer. Expected outcomes are values; these are for broken configuration,
 * broken content, infrastructure failures and bugs. Each carries its context and, where known, a hint.
 */

/** One problem found in a content file: the file, the path inside it and what is wrong. */
export interface ContentIssue {
  file: string;
  path: string;
  message: string;
}

/** Base class: sets the name and keeps the cause. */
export class SignaalwijzerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The environment holds a missing or invalid value; the message names the variable and what is expected. */
export class ConfigError extends SignaalwijzerError {}

/** Content in `dialogs/` or `knowledge/` is broken; `issues` lists every problem with file and path. */
export class ContentError extends SignaalwijzerError {
  readonly issues: readonly ContentIssue[];
  constructor(issues: readonly ContentIssue[], options?: { cause?: unknown }) {
    super(
      `content has ${issues.length} problem(s):\n` +
        issues.map((i) => `  ${i.file}${i.path ? ` at ${i.path}` : ""}: ${i.message}`).join("\n"),
      options,
    );
    this.issues = issues;
  }
}

/** A storage read or write failed, or a stored file is corrupt; `file` names it where there is one. */
export class StorageError extends SignaalwijzerError {
  readonly file?: string;
  constructor(message: string, options?: { cause?: unknown; file?: string }) {
    super(message, options);
    this.file = options?.file;
  }
}

/** A write lost an optimistic-concurrency race: the stored eTag differs from the one the writer read. */
export class ConcurrencyError extends StorageError {}

/** Delivering a notification failed; `retryable` says whether trying again later can help. */
export class DeliveryError extends SignaalwijzerError {
  readonly retryable: boolean;
  /** How long the receiver asked us to wait before the next try (an HTTP 429's Retry-After), if it said. */
  readonly retryAfterMs?: number;
  constructor(message: string, options?: { cause?: unknown; retryable?: boolean; retryAfterMs?: number }) {
    super(message, options);
    this.retryable = options?.retryable ?? true;
    this.retryAfterMs = options?.retryAfterMs;
  }
}
