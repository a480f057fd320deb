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

  /**
   * False once the member's connection has ended; a join or resume that finds its link closed
   * treats it as lost at once.
   */
  boolean isOpen();

  /**
   * Whether the member can come back on a new link after this one is lost (by {@code Resume} with
   * its token, over TCP or WebSocket), so that its place is kept for the resume grace; a member
   * that cannot (an OSC endpoint) leaves when its link is lost.
   */
  default boolean resumable() {
    return true;
  }

  /** Closes the connection after sending what is queued (e.g. after {@code Leave}). */
  void close();
}
