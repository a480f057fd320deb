package org.attune.server.journal.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

/**
 * A session as a Standard MIDI File of type 1, written by the JDK's {@code javax.sound.midi}: the
 * {@link ConductorTrack} first, then a {@link PartTrack} for each member who played, in the order
 * they first joined, at {@link #PPQ} ticks a quarter note. Ticks follow the group's beat line
 * ({@link TickLine}, which also says how fermatas are shown).
 *
 * <p>A file is written whole or not at all: into a temporary file beside it, then moved over it.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class SessionMidiExport {

  /** Ticks per quarter note. */
  public static final int PPQ = 480;

  private SessionMidiExport() {}

  /**
   * What an export wrote.
   *
   * @param tracks the file's tracks, the conductor's included
   * @param notes the notes in it, hits included
   * @param warnings what the file could not keep as it was (shared channels)
   */
  public record Result(Sequence sequence, int tracks, long notes, List<String> warnings) {
    public Result {
      warnings = List.copyOf(warnings);
    }
  }

  /** The MIDI sequence of {@code score}. */
  public static Result sequence(SessionScore score) {
    Sequence sequence;
    try {
      sequence = new Sequence(Sequence.PPQ, PPQ);
    } catch (InvalidMidiDataException e) {
      throw new AssertionError("PPQ timing is always supported", e);
    }
    TickLine line = new TickLine(score, PPQ);
    ConductorTrack.write(score, line, PPQ, sequence.createTrack());
    long endTick = line.tickAtWall(score.endWallMicros());
    List<String> warnings = new ArrayList<>();
    long notes = 0;
    int melodic = 0;
    for (Part part : score.parts()) {
      if (!part.played()) {
        continue;
      }
      int channel = MidiChannels.DRUMS;
      if (part.melodic()) {
        channel = MidiChannels.melodic(melodic);
        if (MidiChannels.shared(melodic)) {
          warnings.add(
              part.name()
                  + " shares MIDI channel "
                  + (channel + 1)
                  + " with an earlier member: more than 15 members played melodic instruments");
        }
        melodic++;
      }
      notes += PartTrack.write(part, sequence.createTrack(), line, channel, endTick);
    }
    return new Result(sequence, sequence.getTracks().length, notes, warnings);
  }

  /**
   * Writes {@code score} to {@code file}, replacing what is there.
   *
   * @throws IOException if the file cannot be written; then nothing at {@code file} has changed
   */
  public static Result write(SessionScore score, Path file) throws IOException {
    Result result = sequence(score);
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(file + ": its directory does not exist");
    }
    Path temporary = Files.createTempFile(dir, ".export-", ".mid.part");
    try {
      MidiSystem.write(result.sequence(), 1, temporary.toFile());
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // NIO's messages are often the bare path: say what failed.
      throw new IOException(file + ": the export could not be written (" + e + ")", e);
    } finally {
      Files.deleteIfExists(temporary);
    }
    return result;
  }
}
