package org.attune.server.group;

import org.attune.protocol.v1.ErrorCode;

/**
 * A request the group refuses, with the code and the sentence the member is told. The group's state
 * is unchanged when it is thrown.
 */
public final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public Refusal(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
