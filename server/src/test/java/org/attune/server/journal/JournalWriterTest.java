package org.attune.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.attune.protocol.v1.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class JournalWriterTest {

  @TempDir Path dir;

  private final JournalStats stats = new JournalStats();

  @Test
  void recordsOfManyGroupsComeBackInOrderEachInItsOwnFile() throws Exception {
    List<List<JournalRecord>> sent = new ArrayList<>();
    try (JournalWriter writer = new JournalWriter(dir, FlushPolicy.DEFAULT, 1 << 16, stats)) {
      for (int g = 0; g < 3; g++) {
        sent.add(new ArrayList<>());
      }
      for (int i = 0; i < 6_000; i++) {
        JournalRecord r = JournalRecords.mixed(i);
        while (!writer.append(writer.file("g" + i % 3), r)) {
          Thread.onSpinWait();
        }
        sent.get(i % 3).add(r);
      }
    }

    for (int g = 0; g < 3; g++) {
      JournalContents contents = JournalReader.read(dir.resolve("g" + g).resolve("journal"));
      assertThat(contents.records()).isEqualTo(sent.get(g));
      assertThat(contents.damaged()).isFalse();
    }
    assertThat(stats.written.sum()).isEqualTo(6_000);
    assertThat(stats.lost.sum()).isZero();
    assertThat(stats.appended.sum()).isEqualTo(6_000);
  }

  @Test
  void aFullQueueLosesTheRecordCountsItAndTheWriterGoesOn() throws Exception {
    JournalWriter writer = new JournalWriter(dir, FlushPolicy.DEFAULT, 4, stats, System::nanoTime);
    JournalFile file = writer.file("g1");
    List<Boolean> taken = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      taken.add(writer.append(file, JournalRecords.gesture(i)));
    }
    assertThat(taken).containsExactly(true, true, true, true, false, false);
    assertThat(stats.lost.sum()).isEqualTo(2);

    writer.start();
    writer.close();

    assertThat(JournalReader.read(file.path()).records())
        .containsExactly(
            JournalRecords.gesture(0),
            JournalRecords.gesture(1),
            JournalRecords.gesture(2),
            JournalRecords.gesture(3));
  }

  @Test
  void recordsReachTheFileWithoutAClose() throws Exception {
    // What a crash of the process alone keeps: everything the writer has drained, unsynced.
    try (JournalWriter writer =
        new JournalWriter(dir, new FlushPolicy(3_600_000, false), 1024, stats)) {
      JournalFile file = writer.file("g1");
      for (int i = 0; i < 100; i++) {
        assertThat(writer.append(file, JournalRecords.gesture(i))).isTrue();
      }
      awaitCondition(() -> Files.exists(file.path()) && read(file.path()).size() == 100);
      assertThat(stats.syncs.sum()).as("no sync asked for yet").isZero();
    }
    assertThat(stats.syncs.sum()).as("close syncs").isEqualTo(1);
  }

  @Test
  void aStructureChangeIsSyncedAtOnceAndTheRestOnTheInterval() throws Exception {
    AtomicLong nanos = new AtomicLong();
    JournalWriter writer =
        new JournalWriter(dir, new FlushPolicy(100, true), 1024, stats, nanos::get);
    writer.start();
    JournalFile file = writer.file("g1");
    writer.append(file, JournalRecords.gesture(1));
    awaitCondition(() -> stats.written.sum() == 1);
    assertThat(stats.syncs.sum()).as("a gesture waits for the interval").isZero();

    writer.append(file, JournalRecords.change(2));
    awaitCondition(() -> stats.syncs.sum() == 1);

    writer.append(file, JournalRecords.gesture(3));
    awaitCondition(() -> stats.written.sum() == 3);
    nanos.addAndGet(99_000_000);
    writer.append(file, JournalRecords.gesture(4));
    awaitCondition(() -> stats.written.sum() == 4);
    assertThat(stats.syncs.sum()).as("99 ms on the writer's clock: not yet").isEqualTo(1);
    nanos.addAndGet(2_000_000);
    awaitCondition(() -> stats.syncs.sum() == 2);
    writer.close();
  }

  @Test
  void aFileThatCannotBeWrittenLosesItsRecordsAndTheOthersGoOn() throws Exception {
    Files.createDirectories(dir.resolve("bad").resolve("journal"));
    try (JournalWriter writer = new JournalWriter(dir, FlushPolicy.DEFAULT, 1024, stats)) {
      for (int i = 0; i < 10; i++) {
        writer.append(writer.file("bad"), JournalRecords.gesture(i));
        writer.append(writer.file("good"), JournalRecords.gesture(i));
      }
    }

    assertThat(stats.failedFiles.sum()).isEqualTo(1);
    assertThat(stats.lost.sum()).isEqualTo(10);
    assertThat(read(dir.resolve("good").resolve("journal"))).hasSize(10);
  }

  @Test
  void aTornTailLeftByACrashIsCutBeforeAppendingGoesOn() throws Exception {
    Path path = dir.resolve("g1").resolve("journal");
    byte[] first = JournalFrames.encode(JournalRecords.gesture(1)).array();
    byte[] torn =
        java.util.Arrays.copyOf(JournalFrames.encode(JournalRecords.gesture(2)).array(), 7);
    byte[] bytes = java.util.Arrays.copyOf(first, first.length + torn.length);
    System.arraycopy(torn, 0, bytes, first.length, torn.length);
    Files.createDirectories(path.getParent());
    Files.write(path, bytes);

    try (JournalWriter writer = new JournalWriter(dir, FlushPolicy.DEFAULT, 1024, stats)) {
      writer.append(writer.file("g1"), JournalRecords.gesture(3));
    }

    JournalContents contents = JournalReader.read(path);
    assertThat(contents.records())
        .containsExactly(JournalRecords.gesture(1), JournalRecords.gesture(3));
    assertThat(contents.damaged()).isFalse();
  }

  @Test
  void aGroupIdThatCannotBeAFileNameIsRefused() {
    try (JournalWriter writer = new JournalWriter(dir, FlushPolicy.DEFAULT, 16, stats)) {
      assertThatThrownBy(() -> writer.file("../etc/passwd"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("../etc/passwd");
    }
  }

  private static List<JournalRecord> read(Path path) {
    try {
      return JournalReader.read(path).records();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Polls every millisecond; the class's timeout bounds it. */
  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    while (!condition.getAsBoolean()) {
      Thread.sleep(1);
    }
  }
}
