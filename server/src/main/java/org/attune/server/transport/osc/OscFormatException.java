package org.attune.server.transport.osc;

/** Bytes that are not a well-formed OSC packet. */
public final class OscFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public OscFormatException(String message) {
    super(message, null, false, false);
  }
}
