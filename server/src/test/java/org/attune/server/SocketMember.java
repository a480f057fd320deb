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

/** A blocking TCP client that writes and reads varint-delimited protobuf messages. */
final class SocketMember implements AutoCloseable {

  final Socket socket;
  final InputStream in;
  final OutputStream out;
  private long requestIds;

  SocketMember(int port) throws IOException {
    this(port, 0);
  }

  /** @param receiveBufferBytes a small one makes a slow reader lag sooner; 0 = the default */
  SocketMember(int port, int receiveBufferBytes) throws IOException {
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

  long send(ClientMessage.Builder message) throws IOException {
    long id = ++requestIds;
    message.setRequestId(id).build().writeDelimitedTo(out);
    out.flush();
    return id;
  }

  ServerMessage next() throws IOException {
    ServerMessage m = ServerMessage.parseDelimitedFrom(in);
    assertThat(m).as("connection closed").isNotNull();
    return m;
  }

  ServerMessage await(Predicate<ServerMessage> wanted) throws IOException {
    while (true) {
      ServerMessage m = next();
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  Welcome join(String code, String name, Role role, String key) throws IOException {
    send(ClientMessage.newBuilder().setJoin(Join.newBuilder()
        .setGroupCode(code).setName(name).setInstrument("pads")
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
