package org.attune.server.transport.ws;

import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Broadcast;
import org.attune.server.group.MemberLink;

/** A member link that keeps what it is sent. Thread-safe: no; the test's one loop. */
final class RecordingLink implements MemberLink {

  final List<ServerMessage> sent = new ArrayList<>();

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
    return true;
  }

  @Override
  public void close() {}
}
