package org.attune.server.journal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.attune.protocol.v1.JournalRecord;
import org.attune.server.group.GroupJournal;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the journals of all groups on a thread of its own, fed by the groups' event loops through
 * one bounded queue: an event loop never waits on the disk. When the queue is full the record is
 * lost and counted ({@link JournalStats#lost}), and the group plays on.
 *
 * <p>The thread drains the queue whenever it holds anything (looking every millisecond when idle),
 * gathers each file's frames and writes them in one call, and syncs as its {@link FlushPolicy}
 * says; {@link #close} writes and syncs everything still queued.
 *
 * <p>Thread-safe: {@link #file} and {@link #append} from any thread (the queue has many producers);
 * {@link #close} once, from any thread.
 */
public final class JournalWriter implements GroupJournal.Factory, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** How often the writer says in the log how many records were lost, if any were. */
  private static final long LOSS_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Path directory;
  private final FlushPolicy policy;
  private final JournalStats stats;
  private final LongSupplier nanoClock;
  private final MpscArrayQueue<Entry> queue;
  private final Thread thread;
  private final Map<String, JournalFile> byGroup = new ConcurrentHashMap<>();

  /** The files opened so far: the writer thread's, synced and closed by it. */
  private final List<JournalFile> files = new ArrayList<>();

  private volatile boolean running = true;

  private record Entry(JournalFile file, JournalRecord record) {}

  /**
   * Starts the writer's thread.
   *
   * @param directory where the journal files are (it must exist)
   * @param queueCapacity records the queue holds before it refuses more
   */
  public JournalWriter(Path directory, FlushPolicy policy, int queueCapacity, JournalStats stats) {
    this(directory, policy, queueCapacity, stats, System::nanoTime);
    thread.start();
  }

  /** A writer whose thread is not started yet ({@link #start}), on the given clock. */
  JournalWriter(
      Path directory,
      FlushPolicy policy,
      int queueCapacity,
      JournalStats stats,
      LongSupplier nanoClock) {
    this.directory = directory;
    this.policy = policy;
    this.stats = stats;
    this.nanoClock = nanoClock;
    this.queue = new MpscArrayQueue<>(queueCapacity);
    this.thread = new Thread(this::run, "attune-journal");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * The journal file of a group, the same handle each time; no I/O until its first record is
   * written.
   *
   * @throws IllegalArgumentException if the id cannot be a file name
   */
  public JournalFile file(String groupId) {
    return byGroup.computeIfAbsent(groupId, id -> new JournalFile(directory, id));
  }

  /** The journal of a group, for the group to append to. */
  @Override
  public GroupJournal open(String groupId) {
    JournalFile file = file(groupId);
    return record -> append(file, record);
  }

  /**
   * Queues {@code record} for {@code file}. Never blocks.
   *
   * @return false if the queue was full and the record is lost (counted)
   */
  public boolean append(JournalFile file, JournalRecord record) {
    if (queue.offer(new Entry(file, record))) {
      stats.appended.increment();
      return true;
    }
    stats.lost.increment();
    return false;
  }

  public JournalStats stats() {
    return stats;
  }

  /**
   * Writes and syncs everything queued, then closes the files; returns when that is done (an
   * interrupt meanwhile is kept for the caller, not allowed to cut the journal short).
   */
  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<JournalFile> dirty = new ArrayList<>();
    long syncInterval = TimeUnit.MILLISECONDS.toNanos(policy.syncIntervalMillis());
    long nextSync = nanoClock.getAsLong() + syncInterval;
    long nextLossReport = nanoClock.getAsLong() + LOSS_REPORT_NANOS;
    long lostReported = 0;
    while (true) {
      boolean last = !running;
      boolean syncNow = false;
      Entry e;
      while ((e = queue.poll()) != null) {
        JournalFile file = e.file();
        if (!file.usable()) {
          stats.lost.increment();
          continue;
        }
        if (!file.hasPending()) {
          dirty.add(file);
        }
        file.add(JournalFrames.encode(e.record()));
        syncNow |= policy.syncOnStructureChange() && e.record().hasStructureChange();
      }
      for (JournalFile file : dirty) {
        if (file.flush(stats) && !file.tracked) {
          file.tracked = true;
          files.add(file);
        }
      }
      boolean wrote = !dirty.isEmpty();
      dirty.clear();
      long now = nanoClock.getAsLong();
      if (syncNow || now - nextSync >= 0 || last) {
        for (JournalFile file : files) {
          file.sync(stats);
        }
        nextSync = now + syncInterval;
      }
      if (now - nextLossReport >= 0 || last) {
        long lost = stats.lost.sum();
        if (lost > lostReported) {
          log.warn(
              "journal: {} records lost since the last report ({} in all): the writer's queue"
                  + " was full or a file failed; the groups play on",
              lost - lostReported,
              lost);
          lostReported = lost;
        }
        nextLossReport = now + LOSS_REPORT_NANOS;
      }
      if (last) {
        break;
      }
      if (!wrote) {
        LockSupport.parkNanos(IDLE_PARK_NANOS);
      }
    }
    for (JournalFile file : files) {
      file.close(stats);
    }
  }
}
