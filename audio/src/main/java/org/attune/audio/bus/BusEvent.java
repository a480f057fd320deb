package org.attune.audio.bus;

import org.attune.audio.backing.FormTimeline;

/**
 * What a group's thread tells its bus: notes at server times, and control changes that take effect
 * at the next block. Immutable; made on the group's thread, read on the render thread.
 */
public sealed interface BusEvent {

  /** A note starts on a strip at server time {@code serverMicros} (before the render delay). */
  record NoteOn(int strip, long serverMicros, int key, int velocity) implements BusEvent {}

  /** A percussion hit from the drum kit on a strip (General MIDI key 35..81); needs no off. */
  record Hit(int strip, long serverMicros, int key, int velocity) implements BusEvent {}

  /** The strip's held notes of {@code key} are released at {@code serverMicros}. */
  record NoteOff(int strip, long serverMicros, int key) implements BusEvent {}

  /** The strip plays this General MIDI program (bank 128: a drum kit) from now on. */
  record Program(int strip, int bank, int program) implements BusEvent {}

  /** Strip gain in dB (at most +12; {@link Float#NEGATIVE_INFINITY} is silence). */
  record StripGain(int strip, float db) implements BusEvent {}

  /** Strip pan, -1 (left) .. 1 (right). */
  record StripPan(int strip, float pan) implements BusEvent {}

  record StripMute(int strip, boolean muted) implements BusEvent {}

  record StripSolo(int strip, boolean soloed) implements BusEvent {}

  /** A strip comes on the bus at 0 dB, centred, playing this program (bank 128: a kit). */
  record StripAdded(int strip, int bank, int program) implements BusEvent {}

  /** A strip's notes are released and it fades off the bus (its member left or was removed). */
  record StripRemoved(int strip) implements BusEvent {}

  record MasterGain(float db) implements BusEvent {}

  /** Which backing parts play: a bit per {@link org.attune.audio.backing.BackingPart} ordinal. */
  record BackingParts(int mask) implements BusEvent {}

  /** The group's tempo map and form from now on, for the backing band. */
  record Timeline(FormTimeline timeline) implements BusEvent {}
}
