package org.attune.server.group;

import org.attune.protocol.v1.ServerMessage;

/**
 * How a group reaches one member, whatever the transport.
 *
 * <p>Thread-safe: called from the group's event loop; implementations hand writes to their own
 * channel's loop if it is another one.
 */
public interface MemberLink {

  /** Short name of the transport, e.g. {@code "tcp"}, for logs and metrics. */
  String transport();

  /** False while the member's outbound buffer is full: it is lagging and gets no gestures. */
  boolean isWritable();

  /** Sends one message to this member alone. */
  void send(ServerMessage message);

  /** Sends a message that goes to many members, encoded once for all of them. */
  void send(Broadcast broadcast);

  /** Closes the connection after sending what is queued (e.g. after {@code Leave}). */
  void close();
}
