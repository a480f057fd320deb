package org.attune.server.transport.osc;

/** An OSC message the server cannot act on, with the sentence its sender is told. */
final class OscRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, for the error reply's code and the counters. */
  enum Reason {
    UNKNOWN_ADDRESS,
    BAD_ARGUMENTS
  }

  private final Reason reason;

  OscRequestException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  static OscRequestException badArguments(String message) {
    return new OscRequestException(Reason.BAD_ARGUMENTS, message);
  }

  Reason reason() {
    return reason;
  }
}
