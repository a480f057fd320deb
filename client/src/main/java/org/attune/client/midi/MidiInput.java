package org.attune.client.midi;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.attune.protocol.v1.Gesture;

/**
 * Receives a MIDI instrument's messages (connect a device's {@code Transmitter} to it) and plays
 * what each one means ({@link MidiGestures}) through {@code play}, e.g. the client's {@code
 * sendGesture}, which stamps it with the shared clock's time.
 *
 * <p>Thread-safe: yes; {@code javax.sound.midi} calls {@link #send} on its own thread.
 */
public final class MidiInput implements Receiver {

  private final Consumer<Gesture> play;
  private final LongAdder played = new LongAdder();
  private final LongAdder ignored = new LongAdder();

  public MidiInput(Consumer<Gesture> play) {
    this.play = play;
  }

  @Override
  public void send(MidiMessage message, long timeStamp) {
    if (message instanceof ShortMessage m) {
      MidiGestures.of(m)
          .ifPresentOrElse(
              g -> {
                play.accept(g);
                played.increment();
              },
              ignored::increment);
    } else {
      ignored.increment();
    }
  }

  /** Messages that became gestures. */
  public long played() {
    return played.sum();
  }

  /** Messages that play nothing (clock, sysex, pitch bend, ...). */
  public long ignored() {
    return ignored.sum();
  }

  @Override
  public void close() {}
}
