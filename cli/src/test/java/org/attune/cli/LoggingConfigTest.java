package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The executable's logback.xml, as logback loads it: no event loop ever waits for the log (issue
 * 10, "Logs").
 */
class LoggingConfigTest {

  @Test
  void everyLogEventGoesThroughAnAsyncAppenderThatNeverBlocks() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    root.iteratorForAppenders().forEachRemaining(appenders::add);
    assertThat(appenders).hasSize(1);
    assertThat(appenders.get(0)).isInstanceOf(AsyncAppender.class);
    AsyncAppender async = (AsyncAppender) appenders.get(0);
    assertThat(async.isNeverBlock()).as("neverBlock").isTrue();
    assertThat(async.getDiscardingThreshold()).as("no level dropped while there is room").isZero();
    assertThat(async.getAppender("STDERR")).as("writes to standard error").isNotNull();
    assertThat(async.isStarted()).isTrue();
  }
}
