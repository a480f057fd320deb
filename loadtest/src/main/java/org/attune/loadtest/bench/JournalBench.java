package org.attune.loadtest.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Pad;
import org.attune.server.journal.FlushPolicy;
import org.attune.server.journal.JournalFile;
import org.attune.server.journal.JournalStats;
import org.attune.server.journal.JournalWriter;

/**
 * The session journal's costs (issue 11): what an append costs the thread that makes it (a group's
 * event loop: building the record around the relayed gesture and queueing it), how many records a
 * second the writer thread takes to the file, and the journal's size per member-hour.
 *
 * <p>Each round appends {@value #RECORDS} pad gestures of 250 groups, round-robin, with {@link
 * FlushPolicy#DEFAULT} into a fresh directory, the queue large enough for all of them (so that an
 * append is never refused and its cost is the producer's alone), and times the appends and the
 * writer's drain to the last record; the best of {@value #ROUNDS} rounds is printed. Run: {@code
 * java -cp loadtest/target/attune-loadtest.jar org.attune.loadtest.bench.JournalBench}.
 */
public final class JournalBench {

  private static final int RECORDS = 1_000_000;
  private static final int GROUPS = 250;
  private static final int ROUNDS = 5;

  private JournalBench() {}

  public static void main(String[] args) throws Exception {
    GestureEvent event =
        GestureEvent.newBuilder()
            .setParticipantId("m3")
            .setGesture(
                Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(4)).setVelocity(0.8f))
            .setServerReceiveMicros(3_600_000_000L)
            .setResolvedPitch(62)
            .setBeat(1234.5)
            .build();
    double bestAppendNs = Double.MAX_VALUE;
    double bestRecordsPerSecond = 0;
    long bytes = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Path dir = Files.createTempDirectory("attune-journal-bench");
      try {
        JournalStats stats = new JournalStats();
        long started;
        long appended;
        try (JournalWriter writer = new JournalWriter(dir, FlushPolicy.DEFAULT, 1 << 21, stats)) {
          JournalFile[] files = new JournalFile[GROUPS];
          for (int g = 0; g < GROUPS; g++) {
            files[g] = writer.file("g" + g);
          }
          started = System.nanoTime();
          for (int i = 0; i < RECORDS; i++) {
            JournalRecord record =
                JournalRecord.newBuilder()
                    .setServerMicros(3_600_000_000L + i)
                    .setGesture(event)
                    .build();
            if (!writer.append(files[i % GROUPS], record)) {
              throw new IllegalStateException("the queue refused record " + i);
            }
          }
          appended = System.nanoTime();
          while (stats.written.sum() < RECORDS) {
            Thread.onSpinWait();
          }
        }
        long drained = System.nanoTime();
        bestAppendNs = Math.min(bestAppendNs, (appended - started) / (double) RECORDS);
        bestRecordsPerSecond =
            Math.max(bestRecordsPerSecond, RECORDS / ((drained - started) / 1e9));
        bytes = stats.bytes.sum();
        System.out.printf(
            "round %d: append %.0f ns, writer %.0f records/s, %d fsyncs, lost %d%n",
            round,
            (appended - started) / (double) RECORDS,
            RECORDS / ((drained - started) / 1e9),
            stats.syncs.sum(),
            stats.lost.sum());
      } finally {
        deleteTree(dir);
      }
    }
    double bytesPerRecord = bytes / (double) RECORDS;
    System.out.printf(
        "best: append %.0f ns a record (target <= 1,000), writer %.0f records/s"
            + " (target >= 200,000); %.1f bytes a gesture, %.1f MB a member-hour at 10 gestures/s%n",
        bestAppendNs, bestRecordsPerSecond, bytesPerRecord, bytesPerRecord * 10 * 3600 / 1e6);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
