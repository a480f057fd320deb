package org.attune.server.journal;

/** A request about a data directory's sessions that cannot be done, with a sentence saying why. */
public final class SessionCatalogException extends Exception {

  private static final long serialVersionUID = 1L;

  public SessionCatalogException(String message) {
    super(message);
  }
}
