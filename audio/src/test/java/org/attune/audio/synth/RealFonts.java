package org.attune.audio.synth;

import java.nio.file.Path;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontException;
import org.attune.audio.sf2.SoundFontParser;

/** The real SoundFont the build machines install, loaded once for all tests. */
public final class RealFonts {

  /** TimGM6mb, the small General MIDI font of Debian's timgm6mb-soundfont package. */
  public static final Path TIM_GM6MB = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");

  private static SoundFont timGm6mb;

  private RealFonts() {}

  public static synchronized SoundFont timGm6mb() {
    if (timGm6mb == null) {
      try {
        timGm6mb = SoundFontParser.read(TIM_GM6MB);
      } catch (SoundFontException e) {
        throw new IllegalStateException("cannot load " + TIM_GM6MB, e);
      }
    }
    return timGm6mb;
  }
}
