package org.attune.client.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Role;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.Test;

/**
 * MIDI instruments in the room, through the JDK's own software MIDI devices: its sequencer plays a
 * keyboard part (three notes, a snare on channel 10, an expression controller and a pitch bend)
 * into one member ({@link MidiInput}), the server relays it, and another member plays the group
 * into a MIDI receiver ({@link GroupToMidi}; the JDK's synthesizer cannot open without a sound
 * card): the notes arrive there as note-ons and note-offs of the same pitches on the member's
 * channel after its program change, the snare on channel 10; the controller arrives as a control
 * gesture, the bend as nothing.
 */
class MidiInstrumentsEndToEndTest {

  private static final int PPQ = 480;

  @Test
  void aSequencersNotesReachAnotherMembersSynthesizerThroughTheServer() throws Exception {
    try (AttuneServer server = AttuneServer.start(ServerConfig.onFreePorts());
        AttuneClient keys = AttuneClient.connect("127.0.0.1", server.tcpPort());
        AttuneClient ear = AttuneClient.connect("127.0.0.1", server.tcpPort())) {
      Group group = server.groups().create("midi");
      keys.join(group.joinCode(), "Keys", "piano", Role.PARTICIPANT, null)
          .get(10, TimeUnit.SECONDS);
      List<GestureEvent> heard = new CopyOnWriteArrayList<>();
      ear.addListener(
          new ClientListener() {
            @Override
            public void onGesture(GestureEvent event) {
              heard.add(event);
            }
          });
      List<ShortMessage> out = new CopyOnWriteArrayList<>();
      // What a synth or DAW would receive (the JDK's synthesizer needs a sound card to open).
      GroupToMidi toMidi =
          new GroupToMidi(
              new Receiver() {
                @Override
                public void send(MidiMessage message, long timeStamp) {
                  out.add((ShortMessage) message);
                }

                @Override
                public void close() {}
              });
      ear.addListener(toMidi);
      ear.join(group.joinCode(), "Ear", "marimba", Role.PARTICIPANT, null)
          .get(10, TimeUnit.SECONDS);
      keys.awaitClockSync(4).get(20, TimeUnit.SECONDS);

      Sequencer sequencer = MidiSystem.getSequencer(false);
      sequencer.open();
      MidiInput input = new MidiInput(keys::sendGesture);
      sequencer.getTransmitter().setReceiver(input);
      sequencer.setSequence(keyboardPart());
      sequencer.start();
      try {
        await(() -> count(out, ShortMessage.NOTE_OFF, 67) == 1);
        await(() -> heard.stream().anyMatch(e -> e.getGesture().hasControl()));
      } finally {
        sequencer.close();
      }
      int channel = out.get(0).getChannel();
      assertThat(out.get(0).getCommand())
          .as("a program change first")
          .isEqualTo(ShortMessage.PROGRAM_CHANGE);
      assertThat(out.get(0).getData1()).as("piano, GM program 1").isZero();
      assertThat(channel).isNotEqualTo(MidiGestures.DRUM_CHANNEL);
      for (int pitch : new int[] {60, 64, 67}) {
        assertThat(count(out, ShortMessage.NOTE_ON, pitch)).as("note-on %d", pitch).isEqualTo(1);
        assertThat(out.stream().filter(m -> m.getData1() == pitch).map(ShortMessage::getChannel))
            .containsOnly(channel);
      }
      assertThat(
              out.stream()
                  .filter(m -> m.getCommand() == ShortMessage.NOTE_ON && m.getData1() == 38)
                  .map(ShortMessage::getChannel))
          .as("the snare on channel 10")
          .containsExactly(MidiGestures.DRUM_CHANNEL);
      Gesture control =
          heard.stream()
              .map(GestureEvent::getGesture)
              .filter(Gesture::hasControl)
              .findFirst()
              .get();
      assertThat(control.getControl().getValue()).isEqualTo(64 / 127f);
      // The bend, and what the sequencer sends on its own (its resets), play nothing.
      assertThat(input.ignored()).isPositive();
      assertThat(heard.stream().filter(e -> e.getGesture().hasNoteOn())).hasSize(3);
      assertThat(heard.stream().filter(e -> e.getGesture().hasHit())).hasSize(1);
      assertThat(heard).allMatch(e -> e.getParticipantId().equals(keys.participantId()));
    }
  }

  /** C, E, G a quarter apart at 120 BPM, the G held 2 s; a snare; CC 11; a pitch bend. */
  private static Sequence keyboardPart() throws Exception {
    Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
    Track t = sequence.createTrack();
    int[] pitches = {60, 64, 67};
    for (int i = 0; i < pitches.length; i++) {
      long on = PPQ + i * PPQ / 2L;
      long held = i == 2 ? 4L * PPQ : PPQ / 4;
      t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, pitches[i], 100), on));
      t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, pitches[i], 0), on + held));
    }
    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 9, 38, 110), 2L * PPQ));
    t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 11, 64), 2L * PPQ));
    t.add(new MidiEvent(new ShortMessage(ShortMessage.PITCH_BEND, 0, 0, 80), 2L * PPQ));
    return sequence;
  }

  private static long count(List<ShortMessage> messages, int command, int pitch) {
    return messages.stream()
        .filter(m -> m.getCommand() == command && m.getData1() == pitch)
        .count();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
