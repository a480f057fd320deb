package org.attune.client.midi;

import java.util.Optional;
import javax.sound.midi.ShortMessage;
import org.attune.protocol.v1.Control;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;

/**
 * What a MIDI instrument's message plays, as a gesture: a note-on (velocity above 0) a {@code
 * NoteOn} at its velocity, a note-off (or a note-on at velocity 0) a {@code NoteOff}, a note on the
 * drum channel (MIDI channel 10) a {@code Hit} of that General MIDI percussion key, and the
 * expressive controllers (modulation 1, breath 2, volume 7, expression 11) a {@code Control} of the
 * intensity. Anything else (pitch bend, program changes, clock, sysex) plays nothing.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class MidiGestures {

  /** MIDI channel 10, counted from 0: General MIDI percussion. */
  public static final int DRUM_CHANNEL = 9;

  private MidiGestures() {}

  /** The gesture {@code message} plays, if any; not yet stamped with a played-at time. */
  public static Optional<Gesture> of(ShortMessage message) {
    int data1 = message.getData1();
    int data2 = message.getData2();
    boolean drums = message.getChannel() == DRUM_CHANNEL;
    switch (message.getCommand()) {
      case ShortMessage.NOTE_ON -> {
        if (data2 == 0) {
          return drums ? Optional.empty() : Optional.of(noteOff(data1));
        }
        Gesture.Builder g = Gesture.newBuilder().setVelocity(data2 / 127f);
        return Optional.of(
            drums
                ? g.setHit(Hit.newBuilder().setInstrument(data1)).build()
                : g.setNoteOn(NoteOn.newBuilder().setPitch(data1)).build());
      }
      case ShortMessage.NOTE_OFF -> {
        return drums ? Optional.empty() : Optional.of(noteOff(data1));
      }
      case ShortMessage.CONTROL_CHANGE -> {
        if (data1 == 1 || data1 == 2 || data1 == 7 || data1 == 11) {
          return Optional.of(
              Gesture.newBuilder().setControl(Control.newBuilder().setValue(data2 / 127f)).build());
        }
        return Optional.empty();
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static Gesture noteOff(int pitch) {
    return Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(pitch)).build();
  }
}
