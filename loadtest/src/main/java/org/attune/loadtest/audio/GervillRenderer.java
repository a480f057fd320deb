package org.attune.loadtest.audio;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Renders MIDI with the JDK's Gervill synthesizer as fast as it goes: its {@code AudioSynthesizer}
 * opened as a stream at 48 kHz, 16-bit stereo, every event sent up front with its time stamp, and
 * the stream pulled in a loop.
 *
 * <p>{@code AudioSynthesizer} is in {@code com.sun.media.sound}, which {@code java.desktop} does
 * not export; it is reached by reflection, so the JVM needs {@code --add-exports
 * java.desktop/com.sun.media.sound=ALL-UNNAMED} (the render-bench script passes it).
 *
 * <p>Thread-safe: no; one render at a time per instance.
 */
public final class GervillRenderer implements AutoCloseable {

  /** Rendered after the last event, as Attune's MIDI renderer does. */
  static final long TAIL_MICROS = 2_000_000;

  private static final AudioFormat FORMAT = new AudioFormat(48_000f, 16, 2, true, false);

  private final Synthesizer synth;
  private final AudioInputStream stream;
  private final long loadNanos;

  /** What a render did. */
  public record Result(long frames, long renderNanos) {
    public double realtimeFactor() {
      return frames / 48_000.0 / (renderNanos / 1e9);
    }
  }

  /**
   * Opens Gervill with {@code soundFont} loaded.
   *
   * @param interpolation Gervill's name: "linear", "cubic", "sinc", "point"
   * @param maxPolyphony voices before it steals
   * @throws IOException if Gervill is not reachable (no --add-exports) or the font is unreadable
   */
  public GervillRenderer(Path soundFont, String interpolation, int maxPolyphony)
      throws IOException {
    long start = System.nanoTime();
    try {
      synth = MidiSystem.getSynthesizer();
      Class<?> audioSynth = Class.forName("com.sun.media.sound.AudioSynthesizer");
      Method open = audioSynth.getMethod("openStream", AudioFormat.class, Map.class);
      Map<String, Object> info = new HashMap<>();
      info.put("interpolation", interpolation);
      info.put("max polyphony", maxPolyphony);
      info.put("reverb", false);
      info.put("chorus", false);
      info.put("auto gain control", false);
      stream = (AudioInputStream) open.invoke(synth, FORMAT, info);
      Soundbank bank = MidiSystem.getSoundbank(new File(soundFont.toString()));
      synth.unloadAllInstruments(synth.getDefaultSoundbank());
      if (!synth.loadAllInstruments(bank)) {
        throw new IOException("Gervill would not load " + soundFont);
      }
    } catch (MidiUnavailableException
        | InvalidMidiDataException
        | ClassNotFoundException
        | NoSuchMethodException e) {
      throw new IOException("Gervill is not available: " + e, e);
    } catch (IllegalAccessException e) {
      throw new IOException(
          "Gervill needs --add-exports java.desktop/com.sun.media.sound=" + "ALL-UNNAMED", e);
    } catch (InvocationTargetException e) {
      throw new IOException("Gervill would not open a stream: " + e.getCause(), e.getCause());
    }
    loadNanos = System.nanoTime() - start;
  }

  /** Opening the synthesizer and loading the SoundFont. */
  public long loadNanos() {
    return loadNanos;
  }

  public Receiver receiver() throws IOException {
    try {
      return synth.getReceiver();
    } catch (MidiUnavailableException e) {
      throw new IOException("Gervill has no receiver", e);
    }
  }

  /**
   * Renders {@code midi} (every event sent at its time, then {@link #TAIL_MICROS} more) into {@code
   * wav}, or into nothing if it is null.
   */
  public Result render(Path midi, Path wav) throws IOException {
    Receiver receiver = receiver();
    long end = sendAll(midi, receiver) + TAIL_MICROS;
    return pull(Math.round(end * 48_000 / 1e6), wav, Long.MAX_VALUE);
  }

  /**
   * Pulls {@code frames} frames from the stream as fast as it gives them, into {@code wav} if not
   * null, giving up once {@code budgetNanos} have passed.
   */
  public Result pull(long frames, Path wav, long budgetNanos) throws IOException {
    byte[] buffer = new byte[4096 * 4];
    long want = frames * 4;
    long got = 0;
    long start = System.nanoTime();
    try (WavFileSink out = wav == null ? null : new WavFileSink(wav)) {
      while (got < want && System.nanoTime() - start <= budgetNanos) {
        int n = stream.read(buffer, 0, (int) Math.min(buffer.length, want - got));
        if (n < 0) {
          break;
        }
        if (out != null) {
          out.write(buffer, n);
        }
        got += n;
      }
    }
    return new Result(got / 4, System.nanoTime() - start);
  }

  /** Sends every channel message of the file with its time; returns the last event's time. */
  private static long sendAll(Path midi, Receiver receiver) throws IOException {
    Sequence sequence;
    try {
      sequence = MidiSystem.getSequence(midi.toFile());
    } catch (InvalidMidiDataException e) {
      throw new IOException(midi + ": not a Standard MIDI File", e);
    }
    List<MidiEvent> all = new ArrayList<>();
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        all.add(track.get(i));
      }
    }
    all.sort((a, b) -> Long.compare(a.getTick(), b.getTick()));
    long microsPerQuarter = 500_000;
    long lastTick = 0;
    double micros = 0;
    int ppq = sequence.getResolution();
    for (MidiEvent event : all) {
      micros += (event.getTick() - lastTick) * (double) microsPerQuarter / ppq;
      lastTick = event.getTick();
      MidiMessage m = event.getMessage();
      if (m instanceof MetaMessage meta && meta.getType() == 0x51 && meta.getData().length == 3) {
        byte[] d = meta.getData();
        microsPerQuarter = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
      } else if (m instanceof ShortMessage) {
        receiver.send(m, Math.round(micros));
      }
    }
    return Math.round(micros);
  }

  @Override
  public void close() throws IOException {
    stream.close();
    synth.close();
  }
}
