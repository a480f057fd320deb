package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Writes the benchmark's Standard MIDI Files: a group's score, and the held chords of the
 * voices-per-core probes.
 *
 * <p>Files are type 1 at 480 ticks per quarter and 125 bpm, so that one tick is exactly one
 * millisecond and every engine reads the same times. Each member gets a track of its own (its
 * program change, volume, pan and notes); drum members share channel 10.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class BenchmarkMidi {

  /** Ticks per quarter note. */
  static final int RESOLUTION = 480;

  /** Microseconds per quarter note: with {@link #RESOLUTION}, one tick per millisecond. */
  static final int MICROS_PER_QUARTER = 480_000;

  private BenchmarkMidi() {}

  /** Writes {@code score} to {@code file}. */
  public static void write(GroupScore score, Path file) throws IOException {
    Sequence sequence = newSequence();
    Set<Integer> programmed = new HashSet<>();
    for (MemberPart part : score.members()) {
      Track track = sequence.createTrack();
      if (programmed.add(part.channel())) {
        add(track, 0, ShortMessage.PROGRAM_CHANGE, part.channel(), part.program(), 0);
        add(track, 0, ShortMessage.CONTROL_CHANGE, part.channel(), 7, 100);
        int pan = part.drums() ? 64 : 16 + (part.member() * 37) % 97;
        add(track, 0, ShortMessage.CONTROL_CHANGE, part.channel(), 10, pan);
      }
      for (ScoreNote note : score.notes()) {
        if (note.member() == part.member()) {
          add(
              track,
              note.startMicros() / 1000,
              ShortMessage.NOTE_ON,
              note.channel(),
              note.key(),
              note.velocity());
          add(
              track,
              note.endMicros() / 1000,
              ShortMessage.NOTE_OFF,
              note.channel(),
              note.key(),
              64);
        }
      }
    }
    save(sequence, file);
  }

  /**
   * Writes a file that sets each channel's program, starts every note at once, holds them for
   * {@code holdMillis} and releases them together.
   */
  public static void writeHeld(List<HeldNote> notes, long holdMillis, Path file)
      throws IOException {
    Sequence sequence = newSequence();
    Track track = sequence.createTrack();
    Set<Integer> programmed = new HashSet<>();
    for (HeldNote note : notes) {
      if (programmed.add(note.channel())) {
        add(track, 0, ShortMessage.PROGRAM_CHANGE, note.channel(), note.program(), 0);
      }
    }
    for (HeldNote note : notes) {
      add(track, 1, ShortMessage.NOTE_ON, note.channel(), note.key(), note.velocity());
    }
    for (HeldNote note : notes) {
      add(track, 1 + holdMillis, ShortMessage.NOTE_OFF, note.channel(), note.key(), 64);
    }
    save(sequence, file);
  }

  private static Sequence newSequence() {
    try {
      Sequence sequence = new Sequence(Sequence.PPQ, RESOLUTION);
      Track tempo = sequence.createTrack();
      byte[] data = {
        (byte) (MICROS_PER_QUARTER >> 16),
        (byte) (MICROS_PER_QUARTER >> 8),
        (byte) MICROS_PER_QUARTER
      };
      tempo.add(new MidiEvent(new MetaMessage(0x51, data, data.length), 0));
      return sequence;
    } catch (InvalidMidiDataException e) {
      throw new IllegalStateException("a fixed tempo message was refused", e);
    }
  }

  private static void add(Track track, long tick, int command, int channel, int data1, int data2) {
    try {
      MidiMessage message = new ShortMessage(command, channel, data1, data2);
      track.add(new MidiEvent(message, tick));
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(
          "not a MIDI message: " + command + " " + channel + " " + data1 + " " + data2, e);
    }
  }

  private static void save(Sequence sequence, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    MidiSystem.write(sequence, 1, file.toFile());
  }
}
