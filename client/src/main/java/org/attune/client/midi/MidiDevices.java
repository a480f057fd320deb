package org.attune.client.midi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;

/**
 * The MIDI devices {@code javax.sound.midi} finds here (USB keyboards and drums, the JDK's own
 * synthesizer and sequencer, ALSA's ports on Linux), and finding one by name.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class MidiDevices {

  /** A device and what it can do. */
  public record Found(MidiDevice.Info info, boolean input, boolean output) {
    /** One line: its name, description and directions. */
    public String describe() {
      return info.getName()
          + " ("
          + info.getDescription()
          + ")"
          + (input ? " [in]" : "")
          + (output ? " [out]" : "");
    }
  }

  private MidiDevices() {}

  /** Every device, with whether it sends (in: a keyboard) and receives (out: a synth). */
  public static List<Found> list() {
    List<Found> found = new ArrayList<>();
    for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
      try {
        MidiDevice d = MidiSystem.getMidiDevice(info);
        found.add(new Found(info, d.getMaxTransmitters() != 0, d.getMaxReceivers() != 0));
      } catch (MidiUnavailableException e) {
        // Listed but not there: not offered.
      }
    }
    return found;
  }

  /**
   * The first device whose name contains {@code name} (ignoring case) and that can send ({@code
   * input}) or receive.
   *
   * @throws MidiUnavailableException naming the devices there are, if none matches
   */
  public static MidiDevice find(String name, boolean input) throws MidiUnavailableException {
    String wanted = name.toLowerCase(Locale.ROOT);
    List<String> offered = new ArrayList<>();
    for (Found f : list()) {
      if (input ? f.input() : f.output()) {
        offered.add(f.info().getName());
        if (f.info().getName().toLowerCase(Locale.ROOT).contains(wanted)) {
          return MidiSystem.getMidiDevice(f.info());
        }
      }
    }
    throw new MidiUnavailableException(
        "no MIDI "
            + (input ? "input" : "output")
            + " device is named like \""
            + name
            + "\"; there are: "
            + (offered.isEmpty() ? "none" : String.join(", ", offered)));
  }
}
