package org.attune.server.journal.export;

/**
 * A journal that cannot be exported, with a sentence for a person saying why: it has no group in
 * it, or a record that contradicts the journal's format (a tempo map out of range, say).
 */
public final class SessionExportException extends Exception {

  private static final long serialVersionUID = 1L;

  public SessionExportException(String message) {
    super(message);
  }

  public SessionExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
