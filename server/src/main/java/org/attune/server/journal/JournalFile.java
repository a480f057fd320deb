package org.attune.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One group's journal file, {@code <group id>/journal} in the sessions directory: each session has
 * a directory of its own, which also holds its recordings and exports, so that deleting a session
 * deletes the directory.
 *
 * <p>A handle costs no I/O: the {@link JournalWriter}'s thread opens the file on the first record,
 * first cutting a damaged tail left by a crash ({@link JournalReader#recover}), so that what it
 * appends follows the last valid record. Frames are gathered per file and written in one call per
 * drain of the writer's queue.
 *
 * <p>Thread-safe: {@link #groupId} and {@link #path} from any thread; everything else belongs to
 * the writer's thread.
 */
public final class JournalFile {

  private static final Logger log = LoggerFactory.getLogger(JournalFile.class);
  private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The journal's file name in its session's directory. */
  public static final String FILE_NAME = "journal";

  private final String groupId;
  private final Path path;
  private FileChannel channel;
  private ByteBuffer pending = ByteBuffer.allocate(16 * 1024);
  private int pendingRecords;
  private boolean failed;
  private boolean unsynced;

  /** Set by the writer once it keeps this file among those it syncs and closes. */
  boolean tracked;

  /** Set when the file's tail was already checked and cut (by a restore): no second read. */
  private volatile boolean tailChecked;

  JournalFile(Path directory, String groupId) {
    if (!GROUP_ID.matcher(groupId).matches()) {
      throw new IllegalArgumentException(
          "a group id for a journal file name must be 1 to 64 of"
              + " A-Z, a-z, 0-9, '_' and '-', not \""
              + groupId
              + "\"");
    }
    this.groupId = groupId;
    this.path = directory.resolve(groupId).resolve(FILE_NAME);
  }

  public String groupId() {
    return groupId;
  }

  public Path path() {
    return path;
  }

  /** False once the file could not be opened or written: its records are counted as lost. */
  boolean usable() {
    return !failed;
  }

  /** Queues a frame for the next {@link #flush}. */
  void add(ByteBuffer frame) {
    if (pending.remaining() < frame.remaining()) {
      ByteBuffer larger =
          ByteBuffer.allocate(
              Math.max(pending.capacity() * 2, pending.position() + frame.remaining()));
      pending.flip();
      larger.put(pending);
      pending = larger;
    }
    pending.put(frame);
    pendingRecords++;
  }

  /** True if frames wait for {@link #flush}. */
  boolean hasPending() {
    return pending.position() > 0;
  }

  /**
   * Writes the queued frames to the file, opening it first if need be, and counts them.
   *
   * @return false if the file failed: its frames are counted lost and it is no longer usable
   */
  boolean flush(JournalStats stats) {
    int bytes = pending.position();
    int records = pendingRecords;
    pendingRecords = 0;
    try {
      if (channel == null) {
        open();
      }
      pending.flip();
      while (pending.hasRemaining()) {
        channel.write(pending);
      }
      pending.clear();
      unsynced = true;
      stats.written.add(records);
      stats.bytes.add(bytes);
      return true;
    } catch (IOException | RuntimeException e) {
      stats.lost.add(records);
      fail(stats, e);
      return false;
    }
  }

  /** Forces what was written to the disk, if anything was since the last time. */
  void sync(JournalStats stats) {
    if (!unsynced || failed) {
      return;
    }
    try {
      channel.force(false);
      unsynced = false;
      stats.syncs.increment();
    } catch (IOException e) {
      fail(stats, e);
    }
  }

  /** Syncs and closes the file. */
  void close(JournalStats stats) {
    sync(stats);
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.warn("journal of group {}: closing {} failed: {}", groupId, path, e.toString());
      }
    }
  }

  /**
   * Notes that the file ends with a whole, valid record (a restore read it and cut what was not),
   * so that opening it need not read it again. Thread-safe: yes; call before the first append.
   */
  void tailChecked() {
    tailChecked = true;
  }

  private void open() throws IOException {
    Files.createDirectories(path.getParent());
    if (!tailChecked && Files.exists(path)) {
      JournalContents contents = JournalReader.recover(path);
      contents.damage().ifPresent(d -> log.warn("journal of group {}: {}", groupId, d));
    }
    channel =
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private void fail(JournalStats stats, Exception e) {
    failed = true;
    pending.clear();
    stats.failedFiles.increment();
    log.error(
        "journal of group {}: {} cannot be written ({}); the group plays on and its"
            + " further records are lost (counted)",
        groupId,
        path,
        e.toString());
  }
}
