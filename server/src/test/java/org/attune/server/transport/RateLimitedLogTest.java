package org.attune.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** RateLimitedLog on virtual time, its lines captured by logback. */
class RateLimitedLogTest {

  private static final long MINUTE = 60_000_000_000L;

  private final AtomicLong now = new AtomicLong(1_000);
  private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private RateLimitedLog log;

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
    log = new RateLimitedLog(logger, 3, MINUTE, now::get);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void aFloodOfOneReasonLogsThePerWindowBudgetAndCountsEveryEvent() {
    for (int i = 0; i < 20_000; i++) {
      log.warn("malformed", "bad packet " + i, null);
    }
    assertThat(lines.list).hasSize(3);
    assertThat(log.count("malformed")).isEqualTo(20_000);
  }

  @Test
  void theFirstLineOfTheNextWindowSaysHowManyWereSuppressed() {
    for (int i = 0; i < 10; i++) {
      log.warn("malformed", "bad packet", null);
    }
    now.addAndGet(MINUTE);
    log.warn("malformed", "bad packet", null);
    assertThat(lines.list).hasSize(4);
    assertThat(lines.list.get(3).getFormattedMessage())
        .isEqualTo("[malformed] bad packet (7 more suppressed)");
  }

  @Test
  void aWindowEndsOnlyAfterItsWholeLengthEvenAcrossTheClocksSign() {
    now.set(-MINUTE / 2);
    for (int i = 0; i < 5; i++) {
      log.warn("r", "x", null);
    }
    now.addAndGet(MINUTE - 1);
    log.warn("r", "x", null);
    assertThat(lines.list).as("still the first window").hasSize(3);
    now.addAndGet(1);
    log.warn("r", "x", null);
    assertThat(lines.list).hasSize(4);
  }

  @Test
  void reasonsHaveTheirOwnBudgets() {
    for (int i = 0; i < 10; i++) {
      log.warn("a", "one", null);
      log.error("b", "two", null);
    }
    assertThat(lines.list).hasSize(6);
    assertThat(lines.list.stream().filter(e -> e.getLevel().toString().equals("ERROR"))).hasSize(3);
  }

  @Test
  void onlyTheFirstLineOfAWindowCarriesTheStackTrace() {
    RuntimeException cause = new IllegalStateException("boom");
    for (int i = 0; i < 3; i++) {
      log.error("request", "failed", cause);
    }
    assertThat(lines.list.get(0).getThrowableProxy()).isNotNull();
    assertThat(lines.list.get(1).getThrowableProxy()).isNull();
    assertThat(lines.list.get(1).getFormattedMessage())
        .isEqualTo("[request] failed: java.lang.IllegalStateException: boom");
  }
}
