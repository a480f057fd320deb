package org.attune.client;

import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.ErrorCode;

/**
 * The server refused a request: carries its error code and its sentence for people.
 *
 * <p>Immutable; thread-safe.
 */
public final class AttuneException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final long requestId;

  public AttuneException(ErrorCode code, String message, long requestId) {
    super(message);
    this.code = code;
    this.requestId = requestId;
  }

  /** The exception for an {@link Error} message from the server. */
  public static AttuneException of(Error error) {
    return new AttuneException(error.getCode(), error.getMessage(), error.getRequestId());
  }

  public ErrorCode code() {
    return code;
  }

  /** The request the server answered, 0 if none. */
  public long requestId() {
    return requestId;
  }
}
