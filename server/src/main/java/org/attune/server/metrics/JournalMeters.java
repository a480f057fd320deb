package org.attune.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.journal.JournalStats;

/** Binds the session journal's counters ({@link JournalStats}) to a registry. */
public final class JournalMeters {

  private JournalMeters() {}

  public static void bind(MeterRegistry registry, JournalStats stats) {
    counter(registry, MeterNames.JOURNAL_APPENDED, stats.appended, "journal records queued");
    counter(
        registry,
        MeterNames.JOURNAL_LOST,
        stats.lost,
        "journal records lost: the writer's queue was full or the file failed");
    counter(registry, MeterNames.JOURNAL_WRITTEN, stats.written, "journal records written");
    counter(registry, MeterNames.JOURNAL_BYTES, stats.bytes, "journal bytes written");
    counter(registry, MeterNames.JOURNAL_SYNCS, stats.syncs, "journal fsync calls");
    counter(
        registry,
        MeterNames.JOURNAL_FAILED_FILES,
        stats.failedFiles,
        "journal files that could not be opened or written");
  }

  private static void counter(
      MeterRegistry registry, String name, LongAdder count, String description) {
    FunctionCounter.builder(name, count, LongAdder::sum)
        .description(description)
        .register(registry);
  }
}
