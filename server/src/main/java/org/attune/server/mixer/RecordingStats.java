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

  /** Recordings running now. */
  public final LongAdder active = new LongAdder();
}
