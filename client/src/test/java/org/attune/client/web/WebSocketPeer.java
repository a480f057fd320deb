package org.attune.client.web;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ServerMessage;

/**
 * A WebSocket member for tests, on the JDK's own client: JSON text frames (as the browser pages
 * use) or binary protobuf frames, and a queue of every message the server sent.
 *
 * <p>Thread-safe: sends from the test thread, one at a time; the queue is filled by the JDK's
 * WebSocket thread.
 */
final class WebSocketPeer implements AutoCloseable {

  final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
  private final boolean json;
  private final WebSocket socket;

  private WebSocketPeer(URI uri, boolean json, String origin) {
    this.json = json;
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (json) {
      builder.subprotocols("attune.v1.json");
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    socket = builder.buildAsync(uri, new Collector()).orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Connects to {@code ws://127.0.0.1:port/ws} in JSON or binary. */
  static WebSocketPeer connect(int httpPort, boolean json, String origin) {
    return new WebSocketPeer(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), json, origin);
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  void send(ClientMessage message) {
    if (json) {
      try {
        socket.sendText(JsonFormat.printer().print(message), true).join();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(e);
      }
    } else {
      socket.sendBinary(ByteBuffer.wrap(message.toByteArray()), true).join();
    }
  }

  /** The next message that matches, skipping others; fails after {@code seconds}. */
  ServerMessage await(Predicate<ServerMessage> wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      long left = deadline - System.nanoTime();
      ServerMessage m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) {
        throw new AssertionError("no such message within " + seconds + " s");
      }
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private ByteBuffer binary = ByteBuffer.allocate(0);

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        ServerMessage.Builder b = ServerMessage.newBuilder();
        try {
          JsonFormat.parser().merge(text.toString(), b);
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("the server sent JSON that does not parse: " + text, e);
        }
        received.add(b.build());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
      joined.put(binary).put(data).flip();
      binary = joined;
      if (last) {
        try {
          received.add(ServerMessage.parseFrom(binary));
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException("the server sent bytes that do not parse", e);
        }
        binary = ByteBuffer.allocate(0);
      }
      ws.request(1);
      return null;
    }
  }
}
