package org.attune.server.mixer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.attune.protocol.v1.RecordFormat;

/**
 * The stems of one recording: a file per member who played on the bus while it ran, each kept
 * sample-aligned with the master.
 *
 * <p>A stem is its member's strip before the fader; the render thread taps the strips one limiter
 * look-ahead before the master hears them, so each stem goes through a delay line of that many
 * frames. A member first seen after the recording started gets a stem padded with silence back to
 * the master's first frame; one no longer on the bus (left, or a block the tap missed) is written
 * silence, so that every stem is exactly as long as the master.
 *
 * <p>Thread-safe: no; the recording's writer thread only, except {@link #fileNames()} (any thread).
 */
final class StemTracks implements AutoCloseable {

  private final Path directory;
  private final String baseName;
  private final RecordFormat format;
  private final int delayFrames;
  private final RecordingStats stats;
  private final Map<String, Stem> stems = new LinkedHashMap<>();
  private final List<String> names = new CopyOnWriteArrayList<>();
  private final float[] zeros;
  private final float[] outLeft;
  private final float[] outRight;

  /**
   * @param directory where the master is
   * @param baseName the master's name without its extension; a stem adds "-" and the member's id
   * @param delayFrames the limiter's look-ahead, by which the master is later than the strips
   * @param blockFrames the longest block {@link #write} is given
   */
  StemTracks(
      Path directory,
      String baseName,
      RecordFormat format,
      int delayFrames,
      int blockFrames,
      RecordingStats stats) {
    this.directory = directory;
    this.baseName = baseName;
    this.format = format;
    this.delayFrames = delayFrames;
    this.stats = stats;
    this.zeros = new float[blockFrames];
    this.outLeft = new float[blockFrames];
    this.outRight = new float[blockFrames];
  }

  /** The stems' file names, in the order they were opened. Thread-safe: yes. */
  List<String> fileNames() {
    return names;
  }

  /** Stems open now. */
  int size() {
    return stems.size();
  }

  /** Marks the start of a block: stems not written in it are given silence by {@link #endBlock}. */
  void beginBlock() {
    for (Stem s : stems.values()) {
      s.written = false;
    }
  }

  /**
   * Writes a member's strip for this block, opening the member's stem if it has none.
   *
   * @param masterFrames frames the master held before this block: a new stem's silent start
   * @param left the strip's left channel, or null if it was silent
   */
  void write(String member, long masterFrames, float[] left, float[] right, int frames)
      throws IOException {
    Stem stem = stems.get(member);
    if (stem == null) {
      stem = open(member, masterFrames);
    }
    if (stem.written) {
      return;
    }
    stem.written = true;
    stem.write(left == null ? zeros : left, left == null ? zeros : right, frames);
  }

  /** Gives silence for this block to every stem not written in it. */
  void endBlock(int frames) throws IOException {
    for (Stem s : stems.values()) {
      if (!s.written) {
        s.write(zeros, zeros, frames);
      }
    }
  }

  /** Writes {@code frames} of silence to every stem: a gap the master is given silence for too. */
  void silence(long frames) throws IOException {
    for (long left = frames; left > 0; ) {
      int n = (int) Math.min(left, zeros.length);
      for (Stem s : stems.values()) {
        s.write(zeros, zeros, n);
      }
      left -= n;
    }
  }

  /** Bytes on disk over every stem. */
  long bytes() {
    long n = 0;
    for (Stem s : stems.values()) {
      n += s.file.bytes();
    }
    return n;
  }

  private Stem open(String member, long masterFrames) throws IOException {
    String name = baseName + "-" + member + RecordingFile.extension(format);
    Stem stem = new Stem(RecordingFile.open(directory.resolve(name), format), delayFrames);
    stems.put(member, stem);
    names.add(name);
    stats.stems.increment();
    stem.file.writeSilence(masterFrames);
    return stem;
  }

  /** Finishes every stem; the first failure is thrown once all have been tried. */
  @Override
  public void close() throws IOException {
    IOException failed = null;
    for (Stem s : new ArrayList<>(stems.values())) {
      try {
        s.file.close();
      } catch (IOException e) {
        failed = failed == null ? e : failed;
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  /** One stem's file and the delay line that lines it up with the master. */
  private final class Stem {
    final RecordingFile file;
    final float[] delayLeft;
    final float[] delayRight;
    int delayAt;
    boolean written;

    Stem(RecordingFile file, int delayFrames) {
      this.file = file;
      this.delayLeft = new float[delayFrames];
      this.delayRight = new float[delayFrames];
    }

    void write(float[] left, float[] right, int frames) throws IOException {
      if (delayLeft.length == 0) {
        file.write(left, right, frames);
        return;
      }
      for (int i = 0; i < frames; i++) {
        outLeft[i] = delayLeft[delayAt];
        outRight[i] = delayRight[delayAt];
        delayLeft[delayAt] = left[i];
        delayRight[delayAt] = right[i];
        if (++delayAt == delayLeft.length) {
          delayAt = 0;
        }
      }
      file.write(outLeft, outRight, frames);
    }
  }
}
