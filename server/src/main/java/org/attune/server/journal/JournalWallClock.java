package org.attune.server.journal;

import java.util.List;
import org.attune.protocol.v1.JournalRecord;

/**
 * Puts a journal's records on the wall clock, one after another: a record's server time is on the
 * clock of the server run that wrote it, whose time 0 the latest {@code clock_anchor} before it
 * gives; records before a journal's first anchor are taken to be on that anchor's run.
 *
 * <p>A journal without any anchor gets anchor 0: its times stay server times, which is right for a
 * journal of a single run that only needs durations.
 *
 * <p>Thread-safe: no; one reader's, walking the records in order.
 */
public final class JournalWallClock {

  private long anchor;
  private boolean anchored;

  /** A clock for {@code records}, set to their first anchor. */
  public JournalWallClock(List<JournalRecord> records) {
    for (JournalRecord r : records) {
      if (r.hasClockAnchor()) {
        anchor = r.getClockAnchor().getEpochMicrosAtZero();
        anchored = true;
        break;
      }
    }
  }

  /**
   * The wall time of {@code record}, µs since the Unix epoch; an anchor record moves the clock to
   * its run first. Call it for every record, in order.
   */
  public long wallMicros(JournalRecord record) {
    if (record.hasClockAnchor()) {
      anchor = record.getClockAnchor().getEpochMicrosAtZero();
    }
    return wallMicros(record.getServerMicros());
  }

  /** The wall time of {@code serverMicros} on the run of the record read last. */
  public long wallMicros(long serverMicros) {
    return anchor + serverMicros;
  }

  /** The wall time of server time 0 on the run of the record read last. */
  public long epochMicrosAtZero() {
    return anchor;
  }

  /** True if the journal has an anchor, so that its wall times are real wall-clock times. */
  public boolean anchored() {
    return anchored;
  }
}
