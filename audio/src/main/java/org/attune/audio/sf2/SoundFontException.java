package org.attune.audio.sf2;

/**
 * A SoundFont file that cannot be played as it is: not RIFF {@code sfbk}, truncated, a chunk of the
 * wrong size, an index out of range, a sample or preset with nothing to play.
 *
 * <p>The message names the file and the chunk, e.g. {@code TimGM6mb.sf2: pdta/pgen: size 1234 is
 * not a multiple of 4}, so that whoever installed the font can tell what is wrong with it without a
 * hex editor.
 *
 * <p>Thread-safe: yes (immutable).
 */
public final class SoundFontException extends Exception {

  private final String file;
  private final String chunk;

  public SoundFontException(String file, String chunk, String problem) {
    super(file + ": " + chunk + ": " + problem);
    this.file = file;
    this.chunk = chunk;
  }

  public SoundFontException(String file, String chunk, String problem, Throwable cause) {
    super(file + ": " + chunk + ": " + problem, cause);
    this.file = file;
    this.chunk = chunk;
  }

  /** The file's name, as given to the parser. */
  public String file() {
    return file;
  }

  /** The chunk path where the problem is, e.g. {@code pdta/pgen}, or {@code file} for I/O. */
  public String chunk() {
    return chunk;
  }
}
