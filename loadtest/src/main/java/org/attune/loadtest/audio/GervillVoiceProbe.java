package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.attune.audio.sf2.SoundFont;

/**
 * Holds a {@link HeldChord} in Gervill (its "max polyphony" set to the voices asked for) and times
 * pulling its stream after the attacks.
 *
 * <p>Thread-safe: no.
 */
public final class GervillVoiceProbe implements VoiceProbe {

  private final Path soundFontFile;
  private final SoundFont font;
  private final String interpolation;
  private final double attackSeconds;
  private final double heldSeconds;

  public GervillVoiceProbe(
      Path soundFontFile,
      SoundFont font,
      String interpolation,
      double attackSeconds,
      double heldSeconds) {
    this.soundFontFile = soundFontFile;
    this.font = font;
    this.interpolation = interpolation;
    this.attackSeconds = attackSeconds;
    this.heldSeconds = heldSeconds;
  }

  @Override
  public Result probe(int voices) throws IOException {
    List<HeldNote> notes = HeldChord.forVoices(font, voices);
    int held = Math.min(voices, HeldChord.loopingVoices(font, notes));
    try (GervillRenderer gervill = new GervillRenderer(soundFontFile, interpolation, voices)) {
      Receiver receiver = gervill.receiver();
      try {
        for (HeldNote note : notes) {
          receiver.send(
              new ShortMessage(ShortMessage.PROGRAM_CHANGE, note.channel(), note.program(), 0), 0);
        }
        for (HeldNote note : notes) {
          receiver.send(
              new ShortMessage(ShortMessage.NOTE_ON, note.channel(), note.key(), note.velocity()),
              1000);
        }
      } catch (InvalidMidiDataException e) {
        throw new IllegalStateException("a held note is not a MIDI message", e);
      }
      gervill.pull(Math.round(attackSeconds * 48_000), null, Long.MAX_VALUE);
      long frames = Math.round(heldSeconds * 48_000);
      GervillRenderer.Result r = gervill.pull(frames, null, (long) (heldSeconds * 1e9));
      return new Result(voices, held, r.realtimeFactor());
    }
  }
}
