package org.attune.server.transport;

import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Refusal;

/** Builds the {@code Error} messages that transports send. */
public final class ErrorReplies {

  private ErrorReplies() {}

  public static ServerMessage error(ErrorCode code, String message, long requestId) {
    return ServerMessage.newBuilder()
        .setError(Error.newBuilder().setCode(code).setMessage(message).setRequestId(requestId))
        .build();
  }

  public static ServerMessage error(Refusal refusal, long requestId) {
    return error(refusal.code(), refusal.getMessage(), requestId);
  }
}
