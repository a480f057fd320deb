package org.attune.audio.sf2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the SoundFont to play with: one named by the user, else one a distribution installed.
 *
 * <p>An explicit choice (a path given on the command line, else {@code $ATTUNE_SOUNDFONT}) wins
 * even if the file is missing, so that a typo shows as an error when the font is read instead of
 * quietly playing another font. Otherwise the first file present of {@link #PREFERRED} in the
 * directory (Debian's {@code /usr/share/sounds/sf2} unless told): FluidR3 for quality first, the
 * small TimGM6mb next, then whatever the system's {@code default-GM.sf2} points at.
 *
 * <p>Thread-safe: yes (immutable; it only looks at the file system).
 */
public final class SoundFontLocator {

  /** Where Debian and Ubuntu packages install SoundFonts. */
  public static final Path DEBIAN_DIRECTORY = Path.of("/usr/share/sounds/sf2");

  /** The variable that names a SoundFont file, overriding the installed ones. */
  public static final String ENVIRONMENT_VARIABLE = "ATTUNE_SOUNDFONT";

  /** Installed file names in order of preference. */
  public static final List<String> PREFERRED =
      List.of("FluidR3_GM.sf2", "TimGM6mb.sf2", "default-GM.sf2");

  private final Path directory;
  private final Map<String, String> environment;

  public SoundFontLocator(Path directory, Map<String, String> environment) {
    this.directory = directory;
    this.environment = Map.copyOf(environment);
  }

  /** A locator for this machine: Debian's directory and the process environment. */
  public static SoundFontLocator system() {
    return new SoundFontLocator(DEBIAN_DIRECTORY, System.getenv());
  }

  /** The font the user named in {@code $ATTUNE_SOUNDFONT}, else the preferred installed one. */
  public Optional<Path> locate() {
    String named = environment.get(ENVIRONMENT_VARIABLE);
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named.strip()));
    }
    for (String file : PREFERRED) {
      Path candidate = directory.resolve(file);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** {@code given} if not null, else as {@link #locate()}. */
  public Optional<Path> locate(Path given) {
    return given != null ? Optional.of(given) : locate();
  }
}
