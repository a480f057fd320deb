package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Predicate;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Welcome;

/**
 * A blocking protobuf member on a real TCP socket, for tests: writes and reads delimited frames.
 */
public final class TcpPeer implements AutoCloseable {
  final Socket socket;
  final InputStream in;
  final OutputStream out;
  private final String joinCode;
  private long requestIds;

  /** A member of the group with {@code joinCode}, for {@link #join(String, Role, String)}. */
  public TcpPeer(int port, String joinCode) throws IOException {
    this(port, joinCode, 0);
  }

  /** A socket that names its group when it joins. */
  public TcpPeer(int port) throws IOException {
    this(port, null, 0);
  }

  /**
   * @param receiveBufferBytes a small one makes a slow reader lag sooner; 0 = the default
   */
  public TcpPeer(int port, String joinCode, int receiveBufferBytes) throws IOException {
    this.joinCode = joinCode;
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port));
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

  /** Reads and drops messages until the server closes the connection (10 s at most between). */
  public void awaitClose() throws IOException {
    while (ServerMessage.parseDelimitedFrom(in) != null) {
      // dropped
    }
  }

  public Welcome join(String name, Role role, String key) throws IOException {
    return join(joinCode, name, role, key);
  }

  public Welcome join(String code, String name, Role role, String key) throws IOException {
    send(
        ClientMessage.newBuilder()
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(code)
                    .setName(name)
                    .setInstrument("pads")
                    .setRole(role)
                    .setFacilitatorKey(key)));
    ServerMessage m = await(x -> x.hasWelcome() || x.hasError());
    assertThat(m.hasWelcome()).as("welcome, not %s", m).isTrue();
    return m.getWelcome();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
