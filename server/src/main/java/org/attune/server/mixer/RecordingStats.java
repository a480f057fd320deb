package org.attune.server.mixer;

import java.util.concurrent.atomic.LongAdder;

/** The counters of a server's recordings, for metrics. Thread-safe: yes. */
public final class RecordingStats {
  /** Recordings started. */
  public final LongAdder started = new LongAdder();

  /** Recordings that stopped because a write failed (a full disk, a lost volume). */
  public final LongAdder failed = new LongAdder();

  /** Bytes of audio written to recordings. */
  public final LongAdder bytes = new LongAdder();

  /** Frames a recording could not keep (its writer fell 2 s behind), written as silence. */
  public final LongAdder droppedFrames = new LongAdder();

  /** Stem files started (one per member heard during a recording with stems). */
  public final LongAdder stems = new LongAdder();

  /** Stem frames lost because the stems' block pool was empty (written as silence). */
  public final LongAdder droppedStemFrames = new LongAdder();

  /** Recordings running now. */
  public final LongAdder active = new LongAdder();
}
