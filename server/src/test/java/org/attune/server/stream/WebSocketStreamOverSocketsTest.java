package org.attune.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.StreamRequest;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.attune.server.transport.ws.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The live stream to a WebSocket listener on a real socket, in both of its subprotocols: every
 * frame arrives, at the stream's pace (50 a second at 20 ms), not held back until something else is
 * written to the connection. The lateness of the frames is printed, not asserted.
 */
class WebSocketStreamOverSocketsTest {

  private static final int TIMEOUT_SECONDS = 10;
  private AttuneServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aWebSocketListenerGetsEveryFrameAtTheStreamsPace(boolean json) throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withSound(SoundConfig.builtIn()));
    Group group = server.groups().create("ws stream");
    BlockingQueue<Object> in = new LinkedBlockingQueue<>();
    HttpClient http = HttpClient.newHttpClient();
    WebSocket ws =
        http.newWebSocketBuilder()
            .subprotocols(json ? WireFormat.JSON_SUBPROTOCOL : WireFormat.PROTOBUF_SUBPROTOCOL)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .buildAsync(
                URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), new Collector(in))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    send(
        ws,
        json,
        ClientMessage.newBuilder()
            .setRequestId(1)
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(group.joinCode())
                    .setName("Robin")
                    .setInstrument("marimba")
                    .setRole(Role.PARTICIPANT))
            .build());
    long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    boolean welcomed = false;
    while (!welcomed && System.nanoTime() < joinDeadline) {
      Object o = in.poll(1, TimeUnit.SECONDS);
      welcomed = o != null && parse(o).hasWelcome();
    }
    assertThat(welcomed).as("welcomed").isTrue();
    send(
        ws,
        json,
        ClientMessage.newBuilder()
            .setRequestId(2)
            .setStreamRequest(StreamRequest.newBuilder().setOn(true).setFrameMillis(20))
            .build());

    List<Long> lateness = new ArrayList<>();
    long first = -1;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (lateness.size() < 150 && System.nanoTime() < deadline) {
      Object o = in.poll(1, TimeUnit.SECONDS);
      if (o == null) {
        continue;
      }
      long now = server.clock().nowMicros();
      ServerMessage m = parse(o);
      if (m.hasAudioFrame()) {
        if (first < 0) {
          first = now;
        }
        lateness.add(now - m.getAudioFrame().getServerMicros());
      } else if (m.hasError()) {
        throw new AssertionError("refused: " + m.getError());
      }
    }
    long span = server.clock().nowMicros() - first;
    ws.abort();
    assertThat(lateness).as("frames within %d s", TIMEOUT_SECONDS).hasSize(150);
    // 150 frames of 20 ms are 3 s of sound: they take about that long to come, not the 37 s of a
    // stream that goes out only with the clock pongs (4 a second).
    assertThat(span).as("µs for 150 frames").isLessThan(6_000_000);
    List<Long> sorted = new ArrayList<>(lateness.subList(25, lateness.size()));
    sorted.sort(null);
    long p90 = sorted.get(sorted.size() * 9 / 10);
    System.out.printf("ws (%s) stream: frame lateness p90 %d µs%n", json ? "json" : "binary", p90);
  }

  private static void send(WebSocket ws, boolean json, ClientMessage m) throws Exception {
    if (json) {
      ws.sendText(JsonFormat.printer().print(m), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } else {
      ws.sendBinary(m.toByteString().asReadOnlyByteBuffer(), true)
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static ServerMessage parse(Object o) throws Exception {
    if (o instanceof String text) {
      ServerMessage.Builder b = ServerMessage.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(text, b);
      return b.build();
    }
    return ServerMessage.parseFrom((byte[]) o);
  }

  private static final class Collector implements WebSocket.Listener {
    private final BlockingQueue<Object> in;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    Collector(BlockingQueue<Object> in) {
      this.in = in;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        in.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      bytes.write(b, 0, b.length);
      if (last) {
        in.add(bytes.toByteArray());
        bytes.reset();
      }
      ws.request(1);
      return null;
    }
  }
}
