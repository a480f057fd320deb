package org.attune.server.journal;

import java.util.concurrent.atomic.LongAdder;

/**
 * The journal writer's counters, for metrics and the closing report of a session.
 *
 * <p>Thread-safe: yes.
 */
public final class JournalStats {
  /** Records taken into the queue. */
  public final LongAdder appended = new LongAdder();

  /** Records lost: refused by a full queue, or for a journal whose file failed. */
  public final LongAdder lost = new LongAdder();

  /** Records handed to the operating system. */
  public final LongAdder written = new LongAdder();

  /** Bytes handed to the operating system. */
  public final LongAdder bytes = new LongAdder();

  /** {@code fsync} calls. */
  public final LongAdder syncs = new LongAdder();

  /** Journals whose file could not be opened or written (each stops taking records). */
  public final LongAdder failedFiles = new LongAdder();
}
