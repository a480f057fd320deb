package org.attune.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.attune.server.journal.JournalContents;
import org.attune.server.journal.JournalFrames;
import org.attune.server.journal.JournalReader;

/**
 * The journal reader on arbitrary bytes (a damaged or foreign file in the data directory): it never
 * throws, reports damage instead, and what it calls valid reads again whole and the same.
 */
class JournalReaderFuzzTest {

  private static final Path NAME = Path.of("fuzzed.journal");

  @FuzzTest
  void records(byte[] input) {
    JournalContents contents = JournalReader.read(NAME, ByteBuffer.wrap(input), true);

    assertThat(contents.fileBytes()).isEqualTo(input.length);
    assertThat(contents.validBytes()).isBetween(0L, (long) input.length);
    assertThat(contents.damaged()).isEqualTo(contents.validBytes() < input.length);
    assertThat(contents.records().size())
        .isLessThanOrEqualTo(input.length / JournalFrames.HEADER_BYTES);

    JournalContents valid =
        JournalReader.read(NAME, ByteBuffer.wrap(input, 0, (int) contents.validBytes()), true);
    assertThat(valid.damaged()).isFalse();
    assertThat(valid.records()).isEqualTo(contents.records());

    JournalContents withoutGestures = JournalReader.read(NAME, ByteBuffer.wrap(input), false);
    assertThat(withoutGestures.validBytes()).isEqualTo(contents.validBytes());
    assertThat(contents.records()).containsAll(withoutGestures.records());
  }
}
