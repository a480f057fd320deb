/**
 * The built-in voices: General MIDI sounds synthesized at startup (Karplus-Strong strings, FM
 * mallets and electric piano, seamlessly looped pads, organ and leads, a synthesized drum kit) and
 * presented as an in-memory {@link org.attune.audio.sf2.SoundFont}, so that the engine sounds with
 * no SoundFont installed and one sample player renders both. {@link
 * org.attune.audio.builtin.GeneralMidi} names the General MIDI sounds and chooses one for the
 * instrument a member names.
 */
package org.attune.audio.builtin;
