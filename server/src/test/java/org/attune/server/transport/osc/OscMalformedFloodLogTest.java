package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.SplittableRandom;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * 20,000 malformed OSC datagrams (issue 10, "Logs") on a real socket: a bounded number of log lines
 * from the whole server, and the metric counts every one.
 */
class OscMalformedFloodLogTest {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private AttuneServer server;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    lines.start();
    root.addAppender(lines);
  }

  @AfterEach
  void stop() {
    root.detachAppender(lines);
    server.close();
  }

  private void awaitRead(int packets) throws InterruptedException {
    for (long deadline = System.nanoTime() + 5_000_000_000L;
        server.oscStats().packets.sum() < packets && System.nanoTime() < deadline; ) {
      Thread.sleep(1);
    }
  }

  @Test
  void twentyThousandMalformedDatagramsLogAFewLinesAndAreAllCounted() throws Exception {
    int count = 20_000;
    SplittableRandom random = new SplittableRandom(20_000);
    try (OscPeer sender = new OscPeer(server.oscPort())) {
      for (int i = 0; i < count; i++) {
        // An address without its type tags, or noise that is not OSC at all.
        byte[] bytes;
        if (i % 2 == 0) {
          bytes = "/attune/pad\0\0\0\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          bytes[bytes.length - 1] = (byte) random.nextInt(1, 255);
        } else {
          bytes = new byte[1 + random.nextInt(40)];
          random.nextBytes(bytes);
          bytes[0] = 'x';
        }
        sender.sendBytes(bytes);
        if ((i + 1) % 100 == 0) {
          // A lost datagram would not be counted: at most 100 wait in the socket's buffer.
          awaitRead(i + 1);
        }
      }
      OscStats stats = server.oscStats();
      awaitRead(count);
      assertThat(stats.packets.sum()).as("every datagram read").isEqualTo(count);
      assertThat(stats.malformed.sum()).as("every one counted").isEqualTo(count);
    }
    assertThat(lines.list)
        .as(
            "lines logged: %s",
            lines.list.stream().limit(20).map(ILoggingEvent::getFormattedMessage).toList())
        .hasSizeLessThanOrEqualTo(10);
  }
}
