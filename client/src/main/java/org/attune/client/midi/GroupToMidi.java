package org.attune.client.midi;

import java.util.HashMap;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.Welcome;

/**
 * Plays the group into a MIDI device (a local synth or a DAW): each member on a channel of its own
 * (the 15 melodic channels in turn, with a program change to its instrument's General MIDI
 * program), its notes and pads as note-ons and note-offs of the pitches the server resolved, its
 * hits on the drum channel. Messages are sent as the gestures arrive.
 *
 * <p>Thread-safe: the listener methods are called on the client's one event thread; {@link #played}
 * from any thread after that.
 */
public final class GroupToMidi implements ClientListener {

  private final Receiver out;
  private final Map<String, Integer> channels = new HashMap<>();
  private final Map<String, String> instruments = new HashMap<>();
  private final Map<String, Integer> heldPads = new HashMap<>();
  private int nextChannel;
  private volatile long sent;

  public GroupToMidi(Receiver out) {
    this.out = out;
  }

  @Override
  public void onWelcome(Welcome welcome) {
    onRoster(welcome.getSnapshot().getRoster());
  }

  @Override
  public void onRoster(Roster roster) {
    for (Member m : roster.getMembersList()) {
      instruments.put(m.getParticipantId(), m.getInstrument());
    }
  }

  @Override
  public void onGesture(GestureEvent event) {
    play(event.getParticipantId(), event.getGesture(), event.getResolvedPitch());
  }

  /**
   * Plays one member's gesture sounding {@code pitch}: what the server relays, or this member's own
   * (which the server does not send back).
   */
  public void play(String memberId, Gesture g, int pitch) {
    int velocity = Math.max(1, Math.min(127, Math.round(g.getVelocity() * 127)));
    switch (g.getKindCase()) {
      case NOTE_ON -> send(ShortMessage.NOTE_ON, channelOf(memberId), pitch, velocity);
      case NOTE_OFF -> send(ShortMessage.NOTE_OFF, channelOf(memberId), pitch, 0);
      case PAD -> {
        String pad = memberId + "/" + g.getPad().getLayer() + "/" + g.getPad().getDegree();
        if (g.getPad().getRelease()) {
          Integer held = heldPads.remove(pad);
          send(ShortMessage.NOTE_OFF, channelOf(memberId), held != null ? held : pitch, 0);
        } else {
          heldPads.put(pad, pitch);
          send(ShortMessage.NOTE_ON, channelOf(memberId), pitch, velocity);
        }
      }
      case HIT -> {
        int key = g.getHit().getInstrument();
        send(ShortMessage.NOTE_ON, MidiGestures.DRUM_CHANNEL, key, velocity);
        send(ShortMessage.NOTE_OFF, MidiGestures.DRUM_CHANNEL, key, 0);
      }
      case CONTROL, TAP, KIND_NOT_SET -> {}
    }
  }

  /** Messages sent to the device. */
  public long played() {
    return sent;
  }

  private int channelOf(String memberId) {
    Integer channel = channels.get(memberId);
    if (channel == null) {
      InstrumentChoice instrument =
          GeneralMidi.forInstrumentName(instruments.getOrDefault(memberId, ""));
      if (instrument.isPercussion()) {
        channel = MidiGestures.DRUM_CHANNEL;
      } else {
        int c = nextChannel++ % 15;
        channel = c >= MidiGestures.DRUM_CHANNEL ? c + 1 : c;
        send(ShortMessage.PROGRAM_CHANGE, channel, instrument.program(), 0);
      }
      channels.put(memberId, channel);
    }
    return channel;
  }

  private void send(int command, int channel, int data1, int data2) {
    try {
      out.send(new ShortMessage(command, channel, data1, data2), -1);
      sent++;
    } catch (InvalidMidiDataException e) {
      // Pitches, velocities and programs are clamped to 0..127 by the server and above.
      throw new IllegalStateException(e);
    }
  }
}
