package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Predicate;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Welcome;

/** A blocking protobuf member on a real TCP socket, for tests: writes and reads delimited frames. */
public final class TcpPeer implements AutoCloseable {
  final Socket socket;
  final InputStream in;
  final OutputStream out;
  private final String joinCode;
  private long requestIds;

  public TcpPeer(int port, String joinCode) throws IOException {
    this.joinCode = joinCode;
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public long send(ClientMessage.Builder message) throws IOException {
    long id = ++requestIds;
    message.setRequestId(id).build().writeDelimitedTo(out);
    out.flush();
    return id;
  }

  public ServerMessage next() throws IOException {
    ServerMessage m = ServerMessage.parseDelimitedFrom(in);
    assertThat(m).as("connection closed").isNotNull();
    return m;
  }

  /** Reads until a message that {@code wanted} accepts (10 s at most between messages). */
  public ServerMessage await(Predicate<ServerMessage> wanted) throws IOException {
    while (true) {
      ServerMessage m = next();
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  public Welcome join(String name, Role role, String key) throws IOException {
    send(ClientMessage.newBuilder().setJoin(Join.newBuilder()
        .setGroupCode(joinCode).setName(name).setInstrument("pads")
        .setRole(role).setFacilitatorKey(key)));
    ServerMessage m = await(x -> x.hasWelcome() || x.hasError());
    assertThat(m.hasWelcome()).as("welcome, not %s", m).isTrue();
    return m.getWelcome();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
