package org.attune.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attune.protocol.v1.JournalRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReaderTest {

  @TempDir Path dir;

  private final Path file() {
    return dir.resolve("g1.journal");
  }

  /** The frames of {@code records} one after another, as the writer lays them out. */
  private static byte[] frames(List<JournalRecord> records) {
    ByteBuffer all = ByteBuffer.allocate(1 << 20);
    for (JournalRecord r : records) {
      all.put(JournalFrames.encode(r));
    }
    byte[] out = new byte[all.position()];
    all.flip().get(out);
    return out;
  }

  private static List<JournalRecord> withoutGestures(List<JournalRecord> records) {
    return records.stream().filter(r -> !r.hasGesture()).toList();
  }

  private static List<JournalRecord> records(int n) {
    List<JournalRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(JournalRecords.mixed(i));
    }
    return out;
  }

  @Test
  void anIntactFileReadsWholeAndUndamaged() throws IOException {
    List<JournalRecord> written = records(500);
    Files.write(file(), frames(written));

    JournalContents contents = JournalReader.read(file());

    assertThat(contents.records()).isEqualTo(written);
    assertThat(contents.damaged()).isFalse();
    assertThat(contents.validBytes()).isEqualTo(Files.size(file()));
  }

  @Test
  void readingWithoutGesturesKeepsEveryOtherRecordAndStillChecksEveryFrame() throws IOException {
    List<JournalRecord> written = new ArrayList<>(records(500));
    // A gesture at server time 0 has no server_micros field: its first tag is the gesture's.
    written.add(JournalRecords.gesture(0));
    Files.write(file(), frames(written));

    JournalContents contents = JournalReader.readWithoutGestures(file());

    assertThat(written.stream().filter(JournalRecord::hasGesture).count()).isGreaterThan(100);
    assertThat(contents.records())
        .isEqualTo(written.stream().filter(r -> !r.hasGesture()).toList());
    assertThat(contents.damaged()).isFalse();

    byte[] bytes = frames(written);
    int lastGesture = bytes.length - JournalFrames.encode(JournalRecords.gesture(0)).remaining();
    bytes[lastGesture + JournalFrames.HEADER_BYTES + 1] ^= 0x40;
    Files.write(file(), bytes);
    assertThat(JournalReader.readWithoutGestures(file()).damage())
        .get()
        .asString()
        .contains("checksum");
  }

  @Test
  void everyCutInsideTheLastFrameLeavesTheRecordsBeforeItAndIsCutOnRecovery() throws IOException {
    List<JournalRecord> written = records(5);
    byte[] whole = frames(written);
    int lastStart = frames(written.subList(0, 4)).length;
    for (int cut = lastStart + 1; cut < whole.length; cut++) {
      Files.write(file(), java.util.Arrays.copyOf(whole, cut));

      JournalContents contents = JournalReader.recover(file());

      assertThat(contents.records())
          .as("cut at %d", cut)
          .isEqualTo(withoutGestures(written.subList(0, 4)));
      assertThat(contents.damaged()).as("cut at %d", cut).isTrue();
      assertThat(contents.damage().orElseThrow()).contains("torn").contains("at byte " + lastStart);
      assertThat(contents.validBytes()).isEqualTo(lastStart);
      assertThat(Files.size(file())).as("file cut back").isEqualTo(lastStart);
    }
  }

  @Test
  void aDamagedByteStopsTheReadAtItsRecord() throws IOException {
    List<JournalRecord> written = records(10);
    byte[] bytes = frames(written);
    int third = frames(written.subList(0, 2)).length;
    bytes[third + JournalFrames.HEADER_BYTES + 3] ^= 0x40;
    Files.write(file(), bytes);

    JournalContents contents = JournalReader.read(file());

    assertThat(contents.records()).isEqualTo(written.subList(0, 2));
    assertThat(contents.damage().orElseThrow()).contains("checksum").contains("byte " + third);
    assertThat(contents.validBytes()).isEqualTo(third);
  }

  @Test
  void garbageAfterTheLastRecordIsReportedAndCut() throws IOException {
    List<JournalRecord> written = records(20);
    byte[] good = frames(written);
    byte[] garbage = new byte[300];
    new Random(7).nextBytes(garbage);
    byte[] bytes = java.util.Arrays.copyOf(good, good.length + garbage.length);
    System.arraycopy(garbage, 0, bytes, good.length, garbage.length);
    Files.write(file(), bytes);

    JournalContents contents = JournalReader.recover(file());

    assertThat(contents.records()).isEqualTo(withoutGestures(written));
    assertThat(contents.damaged()).isTrue();
    assertThat(contents.fileBytes()).isEqualTo(bytes.length);
    assertThat(Files.size(file())).isEqualTo(good.length);
  }

  @Test
  void anAbsurdLengthIsDamageNotAnAllocation() throws IOException {
    byte[] good = frames(records(3));
    ByteBuffer bytes = ByteBuffer.allocate(good.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    bytes.put(good).putInt(Integer.MAX_VALUE).putInt(0).putInt(0);
    Files.write(file(), bytes.array());

    JournalContents contents = JournalReader.read(file());

    assertThat(contents.records()).hasSize(3);
    assertThat(contents.damage().orElseThrow()).contains("frame length of " + Integer.MAX_VALUE);
  }

  @Test
  void anEmptyFileHoldsNothingAndIsNotDamaged() throws IOException {
    Files.write(file(), new byte[0]);

    JournalContents contents = JournalReader.read(file());

    assertThat(contents.records()).isEmpty();
    assertThat(contents.damaged()).isFalse();
  }
}
