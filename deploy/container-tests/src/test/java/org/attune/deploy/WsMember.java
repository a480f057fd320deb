package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ServerMessage;

/**
 * A member over the server's WebSocket as a browser joins: the JSON subprotocol on the HTTP port,
 * through the JDK's own WebSocket client.
 *
 * <p>Thread-safe: sends from the test thread; the queue is filled by the JDK's WebSocket thread.
 */
final class WsMember implements AutoCloseable {

  private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  WsMember(int httpPort) {
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .subprotocols("attune.v1.json")
            .buildAsync(URI.create("ws://127.0.0.1:" + httpPort + "/ws"), new Listener())
            .orTimeout(20, TimeUnit.SECONDS)
            .join();
  }

  void send(ClientMessage message) throws InvalidProtocolBufferException {
    socket.sendText(JsonFormat.printer().print(message), true).join();
  }

  /** The next message that {@code wanted} accepts, within 20 s. */
  ServerMessage await(Predicate<ServerMessage> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      ServerMessage m = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(m).as("a message over the WebSocket within 20 s").isNotNull();
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        ServerMessage.Builder message = ServerMessage.newBuilder();
        try {
          JsonFormat.parser().merge(text.toString(), message);
          received.add(message.build());
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalStateException(
              "the server sent JSON that is no ServerMessage: " + text, e);
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
