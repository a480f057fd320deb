package org.attune.client.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays the stream on a local sound device through {@code javax.sound.sampled}: 48 kHz, 16-bit
 * stereo, with a line buffer of {@link #BUFFER_MILLIS}.
 *
 * <p>Thread: the player's thread.
 */
public final class LineOutput implements AudioOutput {

  /** The line's own buffer, which adds to the stream's latency. */
  public static final int BUFFER_MILLIS = 40;

  private static final AudioFormat FORMAT = new AudioFormat(48_000f, 16, 2, true, false);

  private final SourceDataLine line;
  private final byte[] bytes = new byte[5760 * 4];

  private LineOutput(SourceDataLine line) {
    this.line = line;
  }

  /**
   * Opens the default output device, or the one whose name contains {@code device}.
   *
   * @throws IOException with a sentence for a person if there is no such device or it cannot play
   *     48 kHz stereo (a machine with no sound card has none)
   */
  public static LineOutput open(String device) throws IOException {
    DataLine.Info info = new DataLine.Info(SourceDataLine.class, FORMAT);
    SourceDataLine line;
    try {
      if (device == null || device.isBlank()) {
        if (!AudioSystem.isLineSupported(info)) {
          throw new IOException(
              "No audio output is available here (no sound device plays 48 kHz stereo);"
                  + " write the stream to a file instead (--out FILE.wav).");
        }
        line = (SourceDataLine) AudioSystem.getLine(info);
      } else {
        line = (SourceDataLine) mixerNamed(device).getLine(info);
      }
      line.open(FORMAT, FORMAT.getFrameSize() * 48 * BUFFER_MILLIS);
    } catch (LineUnavailableException | IllegalArgumentException e) {
      throw new IOException(
          "The audio output cannot be opened ("
              + e.getMessage()
              + "); write the stream to a file instead (--out FILE.wav).",
          e);
    }
    line.start();
    return new LineOutput(line);
  }

  /** The names of the devices that can play the stream. */
  public static List<String> devices() {
    DataLine.Info info = new DataLine.Info(SourceDataLine.class, FORMAT);
    List<String> names = new ArrayList<>();
    for (Mixer.Info m : AudioSystem.getMixerInfo()) {
      if (AudioSystem.getMixer(m).isLineSupported(info)) {
        names.add(m.getName());
      }
    }
    return names;
  }

  private static Mixer mixerNamed(String device) throws IOException {
    DataLine.Info info = new DataLine.Info(SourceDataLine.class, FORMAT);
    for (Mixer.Info m : AudioSystem.getMixerInfo()) {
      Mixer mixer = AudioSystem.getMixer(m);
      if (m.getName().contains(device) && mixer.isLineSupported(info)) {
        return mixer;
      }
    }
    throw new IOException(
        "No audio device named \""
            + device
            + "\" can play the stream; devices here: "
            + (devices().isEmpty() ? "none" : String.join(", ", devices()))
            + ".");
  }

  @Override
  public void play(long serverMicros, float[] interleaved, int frames) {
    int n = frames * 2;
    for (int i = 0; i < n; i++) {
      float s = interleaved[i] * 32767f;
      int v = s >= 32767f ? 32767 : s <= -32768f ? -32768 : Math.round(s);
      bytes[2 * i] = (byte) v;
      bytes[2 * i + 1] = (byte) (v >> 8);
    }
    line.write(bytes, 0, n * 2);
  }

  @Override
  public void close() {
    line.drain();
    line.close();
  }
}
