package org.attune.audio.sf2;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads a SoundFont 2 file ({@code RIFF sfbk}) into a {@link SoundFont}: its name ({@code
 * INFO/INAM}), its 16-bit sample pool ({@code sdta/smpl}; 24-bit {@code sm24} is ignored) and its
 * presets resolved into regions.
 *
 * <p>A file that cannot be played as it is, truncated, mis-sized, with an index out of range or a
 * preset with nothing to play, gives a {@link SoundFontException} naming the chunk, never a
 * half-loaded font: a silent instrument in a session is worse than a clear error at start-up.
 *
 * <p>The file is mapped and read once; the pool is converted with one bulk copy, so that a 150 MB
 * General MIDI font loads in well under a second.
 *
 * <p>Thread-safe: yes (no state; each call parses on its own).
 */
public final class SoundFontParser {

  private SoundFontParser() {}

  /** Reads the SoundFont at {@code file}; errors name the file by its file name. */
  public static SoundFont read(Path file) throws SoundFontException {
    String name = String.valueOf(file.getFileName());
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > Integer.MAX_VALUE) {
        throw new SoundFontException(name, "RIFF", "file of " + size + " bytes is too large");
      }
      return read(name, ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
    } catch (IOException e) {
      throw new SoundFontException(name, "file", "cannot be read: " + e, e);
    }
  }

  /** Reads a SoundFont held in memory; {@code name} names it in errors and if it has no INAM. */
  public static SoundFont read(String name, byte[] data) throws SoundFontException {
    return read(name, ByteBuffer.wrap(data));
  }

  /**
   * Reads a SoundFont from the remaining bytes of {@code data} (its position and limit are not
   * changed); {@code name} names it in errors and if it has no INAM.
   */
  public static SoundFont read(String name, ByteBuffer data) throws SoundFontException {
    RiffReader r = new RiffReader(name, data);
    RiffChunk root = r.root("sfbk");
    List<RiffChunk> top = r.children(root);
    RiffChunk info = r.require(root, top, "INFO");
    RiffChunk sdta = r.require(root, top, "sdta");
    RiffChunk pdta = r.require(root, top, "pdta");

    String fontName = fontName(r, info, name);
    float[] pcm = samplePool(r, sdta);
    PresetData presets = PresetData.read(r, pdta);
    return new SoundFont(fontName, pcm, new RegionResolver(r, presets, pcm.length).presets());
  }

  private static String fontName(RiffReader r, RiffChunk info, String fallback)
      throws SoundFontException {
    for (RiffChunk c : r.children(info)) {
      if (c.id().equals("INAM")) {
        String inam = r.string(c.dataOffset(), c.size());
        return inam.isEmpty() ? fallback : inam;
      }
    }
    return fallback;
  }

  private static float[] samplePool(RiffReader r, RiffChunk sdta) throws SoundFontException {
    RiffChunk smpl = r.require(sdta, r.children(sdta), "smpl");
    if (smpl.size() % 2 != 0) {
      throw r.fail(smpl.path(), "size " + smpl.size() + " is not a multiple of 2");
    }
    ShortBuffer samples =
        r.buffer()
            .slice(smpl.dataOffset(), smpl.size())
            .order(ByteOrder.LITTLE_ENDIAN)
            .asShortBuffer();
    float[] pcm = new float[samples.remaining()];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = samples.get(i);
    }
    return pcm;
  }
}
