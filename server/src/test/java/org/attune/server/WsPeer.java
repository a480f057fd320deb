package org.attune.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.transport.ws.WireFormat;

/**
 * A member over the WebSocket on a plain socket whose receive buffer the test chooses (the JDK's
 * WebSocket client cannot), speaking RFC 6455 itself: masked binary frames out, the server's frames
 * in, with the protobuf subprotocol.
 *
 * <p>Thread-safe: no; one test thread.
 */
final class WsPeer implements AutoCloseable {

  final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** Connects and upgrades; {@code receiveBufferBytes} 0 keeps the kernel's default. */
  WsPeer(int httpPort, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 5_000);
    socket.setSoTimeout(10_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    out.write(
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:"
                + httpPort
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: "
                + WireFormat.PROTOBUF_SUBPROTOCOL
                + "\r\n\r\n")
            .getBytes(US_ASCII));
    out.flush();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(US_ASCII).endsWith("\r\n\r\n")) {
      head.write(in.readUnsignedByte());
    }
    assertThat(head.toString(US_ASCII)).startsWith("HTTP/1.1 101");
  }

  /** Sends one message as a masked binary frame. */
  void send(ClientMessage message) throws IOException {
    byte[] payload = message.toByteArray();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x82);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next message the server sent (its pings are skipped). */
  ServerMessage next() throws IOException {
    while (true) {
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      long length = second & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[Math.toIntExact(length)];
      in.readFully(payload);
      switch (first & 0x0f) {
        case 0x2 -> {
          return ServerMessage.parseFrom(payload);
        }
        case 0x8 -> throw new EOFException("the server closed the WebSocket");
        default -> {
          // a ping or pong: not a message
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
