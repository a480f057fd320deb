package org.attune.server.journal.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.attune.audio.builtin.InstrumentChoice;

/**
 * One member's track of a session's MIDI file: the member's name (its pseudonym) as the track name,
 * its instrument's General MIDI name, a program change, and its notes.
 *
 * <p>Notes play on the member's melodic channel, or on the drum channel while its instrument is the
 * kit. A note off ends every note of its pitch the member holds, as the mixer's does; a hit is a
 * note on and, {@link #HIT_TICKS} later, its note off; an instrument change ends the held notes
 * (the mixer's strip does the same) and changes the program from its tick on; the member leaving
 * ends them too, and so does the end of the session for whatever is still held.
 *
 * <p>Thread-safe: no; one export's.
 */
final class PartTrack {

  /** How long a hit's note is held: a thirty-second note at 480 ticks a quarter. */
  static final int HIT_TICKS = 60;

  private final Track track;
  private final TickLine line;
  private final int melodicChannel;

  /** The channels and start ticks of the held notes, by pitch. */
  private final Map<Integer, List<long[]>> held = new HashMap<>();

  private int channel;
  private long notes;

  private PartTrack(Track track, TickLine line, int melodicChannel) {
    this.track = track;
    this.line = line;
    this.melodicChannel = melodicChannel;
  }

  /**
   * Writes {@code part} into {@code track}.
   *
   * @param melodicChannel the channel of the member's melodic instruments (any, if it only played
   *     the kit)
   * @param endTick where the session ends
   * @return the number of notes written (hits included)
   */
  static long write(Part part, Track track, TickLine line, int melodicChannel, long endTick) {
    PartTrack writer = new PartTrack(track, line, melodicChannel);
    writer.meta(0, ConductorTrack.TRACK_NAME, part.name());
    writer.meta(0, 0x04, part.instrument().name());
    writer.program(0, part.instrument());
    for (PartEvent e : part.events()) {
      long tick = line.tick(e.beat(), e.wallMicros());
      if (e instanceof PartEvent.NoteOn on) {
        writer.noteOn(tick, on.pitch(), on.velocity());
      } else if (e instanceof PartEvent.NoteOff off) {
        writer.noteOff(tick, off.pitch());
      } else if (e instanceof PartEvent.Hit hit) {
        writer.noteOn(tick, hit.pitch(), hit.velocity());
        writer.noteOff(tick + HIT_TICKS, hit.pitch());
      } else if (e instanceof PartEvent.Program p) {
        writer.allOff(tick);
        writer.program(tick, p.instrument());
      } else if (e instanceof PartEvent.Silenced) {
        writer.allOff(tick);
      }
    }
    writer.allOff(endTick);
    return writer.notes;
  }

  private void program(long tick, InstrumentChoice instrument) {
    channel = instrument.isPercussion() ? MidiChannels.DRUMS : melodicChannel;
    add(tick, shortMessage(ShortMessage.PROGRAM_CHANGE, channel, instrument.program(), 0));
  }

  private void noteOn(long tick, int pitch, int velocity) {
    add(tick, shortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity));
    held.computeIfAbsent(pitch, p -> new ArrayList<>()).add(new long[] {channel, tick});
    notes++;
  }

  private void noteOff(long tick, int pitch) {
    List<long[]> notesOfPitch = held.remove(pitch);
    if (notesOfPitch == null) {
      return;
    }
    List<Long> ended = new ArrayList<>();
    for (long[] note : notesOfPitch) {
      if (!ended.contains(note[0])) {
        ended.add(note[0]);
        add(Math.max(tick, note[1]), shortMessage(ShortMessage.NOTE_OFF, (int) note[0], pitch, 0));
      }
    }
  }

  private void allOff(long tick) {
    for (Integer pitch : List.copyOf(held.keySet())) {
      noteOff(tick, pitch);
    }
  }

  private void meta(long tick, int type, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    try {
      add(tick, new MetaMessage(type, data, data.length));
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException("meta event 0x" + Integer.toHexString(type), e);
    }
  }

  private static ShortMessage shortMessage(int command, int channel, int data1, int data2) {
    try {
      return new ShortMessage(command, channel, data1, data2);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException("a MIDI message out of range", e);
    }
  }

  private void add(long tick, MidiMessage message) {
    track.add(new MidiEvent(message, tick));
  }
}
