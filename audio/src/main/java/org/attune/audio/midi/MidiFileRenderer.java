package org.attune.audio.midi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusEvent;
import org.attune.audio.bus.BusSink;
import org.attune.audio.bus.BusStats;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.sf2.SoundFont;

/**
 * Renders a Standard MIDI File through a {@link GroupBus}: one strip per MIDI channel, channel 10
 * on the drum kit, program changes, note on and off, channel volume (CC 7) and pan (CC 10).
 *
 * <p>Thread-safe: no; one render at a time per instance, on the caller's thread.
 */
public final class MidiFileRenderer {

  /** MIDI channels, one strip each. */
  public static final int CHANNELS = 16;

  private static final int DRUM_CHANNEL = 9;

  /** Polyphony, FluidSynth's default, so that both engines steal alike. */
  public static final int DEFAULT_POLYPHONY = 256;

  /** Rendered after the last event, for releases to ring out. */
  private static final long TAIL_MICROS = 2_000_000;

  private final SoundFont font;
  private final int polyphony;

  public MidiFileRenderer(SoundFont font, int polyphony) {
    this.font = font;
    this.polyphony = polyphony;
  }

  /** What a render did. */
  public record Result(long frames, long notes, long renderNanos, long underruns) {
    /** Seconds of audio over seconds of rendering. */
    public double realtimeFactor() {
      return frames / (double) SampleClock.SAMPLE_RATE / (renderNanos / 1e9);
    }
  }

  /**
   * Renders {@code midi} and hands every block to {@code sink}.
   *
   * @throws IOException if the file cannot be read or is not a Standard MIDI File
   */
  public Result render(Path midi, BusSink sink) throws IOException {
    List<Timed> events = read(midi);
    long delay = SampleClock.microsAt(SampleClock.BLOCK_FRAMES);
    BusStats stats = new BusStats();
    GroupBus bus =
        new GroupBus(midi.getFileName().toString(), font, CHANNELS, polyphony, delay, 0, stats);
    for (int ch = 0; ch < CHANNELS; ch++) {
      bus.offer(
          ch == DRUM_CHANNEL
              ? new BusEvent.StripAdded(ch, SoundFont.PERCUSSION_BANK, 0)
              : new BusEvent.StripAdded(ch, 0, 0));
    }
    long startFrame = bus.nextFrame();
    long end = (events.isEmpty() ? 0 : events.get(events.size() - 1).micros) + TAIL_MICROS;
    long endFrame = SampleClock.frameAt(end + delay);
    BusSink shifted =
        (frame, left, right, frames) -> sink.block(frame - startFrame, left, right, frames);
    bus.addSink(shifted);
    int next = 0;
    long notes = 0;
    long started = System.nanoTime();
    while (bus.nextFrame() < endFrame) {
      long blockEndMicros =
          SampleClock.microsAt(bus.nextFrame() + SampleClock.BLOCK_FRAMES) - delay;
      while (next < events.size() && events.get(next).micros < blockEndMicros) {
        BusEvent e = events.get(next++).event;
        if (e instanceof BusEvent.NoteOn) {
          notes++;
        }
        while (!bus.offer(e)) {
          bus.renderNext();
        }
      }
      bus.renderNext();
    }
    long took = System.nanoTime() - started;
    return new Result(bus.nextFrame() - startFrame, notes, took, stats.underruns.sum());
  }

  private record Timed(long micros, BusEvent event) {}

  /** The file's channel events as bus events at their times, tempo changes followed. */
  static List<Timed> read(Path midi) throws IOException {
    Sequence sequence;
    try {
      sequence = MidiSystem.getSequence(midi.toFile());
    } catch (InvalidMidiDataException e) {
      throw new IOException(midi + ": not a Standard MIDI File (" + e.getMessage() + ")", e);
    }
    if (sequence.getDivisionType() != Sequence.PPQ) {
      throw new IOException(midi + ": SMPTE time division is not supported, only PPQ");
    }
    List<MidiEvent> all = new ArrayList<>();
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        all.add(track.get(i));
      }
    }
    all.sort((a, b) -> Long.compare(a.getTick(), b.getTick()));
    int ppq = sequence.getResolution();
    long tempoMicrosPerQuarter = 500_000;
    long lastTick = 0;
    double micros = 0;
    List<Timed> out = new ArrayList<>();
    for (MidiEvent event : all) {
      micros += (event.getTick() - lastTick) * (double) tempoMicrosPerQuarter / ppq;
      lastTick = event.getTick();
      long at = Math.round(micros);
      if (event.getMessage() instanceof MetaMessage meta
          && meta.getType() == 0x51
          && meta.getData().length == 3) {
        byte[] d = meta.getData();
        tempoMicrosPerQuarter = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
      } else if (event.getMessage() instanceof ShortMessage m) {
        BusEvent e = toBusEvent(m, at);
        if (e != null) {
          out.add(new Timed(at, e));
        }
      }
    }
    return out;
  }

  private static BusEvent toBusEvent(ShortMessage m, long at) {
    int ch = m.getChannel();
    return switch (m.getCommand()) {
      case ShortMessage.NOTE_ON ->
          m.getData2() == 0
              ? new BusEvent.NoteOff(ch, at, m.getData1())
              : new BusEvent.NoteOn(ch, at, m.getData1(), m.getData2());
      case ShortMessage.NOTE_OFF -> new BusEvent.NoteOff(ch, at, m.getData1());
      case ShortMessage.PROGRAM_CHANGE ->
          ch == DRUM_CHANNEL
              ? new BusEvent.Program(ch, SoundFont.PERCUSSION_BANK, m.getData1())
              : new BusEvent.Program(ch, 0, m.getData1());
      case ShortMessage.CONTROL_CHANGE ->
          switch (m.getData1()) {
            case 7 -> new BusEvent.StripGain(ch, volumeDb(m.getData2()));
            case 10 -> new BusEvent.StripPan(ch, (m.getData2() - 64) / 63f);
            default -> null;
          };
      default -> null;
    };
  }

  /** Channel volume as General MIDI defines it: 40 log10(volume / 127) dB. */
  static float volumeDb(int volume) {
    return volume == 0 ? Float.NEGATIVE_INFINITY : (float) (40 * Math.log10(volume / 127.0));
  }
}
