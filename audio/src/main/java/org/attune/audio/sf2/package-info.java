/**
 * SoundFont 2: the file parser and the model it produces. The parser resolves each preset's
 * generators (preset zones added to instrument zones, global zones as defaults, per the SoundFont
 * 2.04 specification, section 9.4) into flat {@link org.attune.audio.sf2.Region}s, so that the
 * player looks up a note's regions and plays them with no generator arithmetic at note-on.
 *
 * <p>{@link org.attune.audio.sf2.SoundFontParser} reads a file, refusing a broken one with a {@link
 * org.attune.audio.sf2.SoundFontException} that names the chunk; {@link
 * org.attune.audio.sf2.SoundFontLocator} finds the font to read.
 */
package org.attune.audio.sf2;
