package org.attune.server.group;

import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ServerMessage;

/**
 * A member's link as a transport gives it, keeping what it is sent: the seam between a group and
 * its transports, so that a group's own rules can be tried on virtual time (the transports
 * themselves are tried over real sockets).
 *
 * <p>Thread-safe: no; the test's one loop.
 */
public final class LinkForTests implements MemberLink {

  final List<ServerMessage> sent = new ArrayList<>();
  private final boolean resumable;
  boolean open = true;
  boolean closed;

  public LinkForTests(boolean resumable) {
    this.resumable = resumable;
  }

  public LinkForTests() {
    this(true);
  }

  @Override
  public String transport() {
    return "test";
  }

  @Override
  public boolean isWritable() {
    return true;
  }

  @Override
  public void send(ServerMessage message) {
    sent.add(message);
  }

  @Override
  public void send(Broadcast broadcast) {
    sent.add(broadcast.message());
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean resumable() {
    return resumable;
  }

  @Override
  public void close() {
    closed = true;
    open = false;
  }

  /** The session token of the Welcome this link was sent. */
  String token() {
    return sent.stream()
        .filter(ServerMessage::hasWelcome)
        .reduce((a, b) -> b)
        .orElseThrow()
        .getWelcome()
        .getSessionToken();
  }

  /** The error codes this link was sent, in order. */
  List<org.attune.protocol.v1.ErrorCode> errors() {
    List<org.attune.protocol.v1.ErrorCode> codes = new ArrayList<>();
    for (ServerMessage m : sent) {
      if (m.hasError()) {
        codes.add(m.getError().getCode());
      }
    }
    return codes;
  }
}
