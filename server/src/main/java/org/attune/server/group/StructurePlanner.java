package org.attune.server.group;

import java.util.function.LongFunction;
import org.attune.clock.TempoMap;
import org.attune.clock.TempoSegment;
import org.attune.form.Dynamics;
import org.attune.form.FormLimits;
import org.attune.form.Quantizer;
import org.attune.form.RomanChord;
import org.attune.form.Scales;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.Quantize;

/**
 * Turns a facilitator command into a planned structure change: when it takes effect (quantized, no
 * sooner than the look-ahead) and what it changes (the tempo map, the form, or both).
 *
 * <p>During a fermata no beat lies ahead until the release, so every change then takes effect after
 * the look-ahead, on the held beat; a tempo command during a fermata releases it.
 *
 * <p>Pure: no clock, no I/O; thread-safe.
 */
final class StructurePlanner {

  /**
   * The furthest a change may be scheduled past the earliest beat the look-ahead allows: 1,024
   * beats, about 8.5 minutes at 120 BPM (51 at the slowest tempo). Further beats are refused: a
   * server time far enough ahead overflows, and a change that far off only weighs every snapshot.
   */
  static final double MAX_BEATS_AHEAD = 1024;

  private StructurePlanner() {}

  /** A change ready to be numbered and sent. */
  record Plan(double beat, long micros, TempoMap tempoMap, FormPatch patch, String description) {}

  /**
   * Plans {@code command}.
   *
   * @param tempoMap the group's tempo map with every change so far
   * @param formAt the form in effect at a server time, pending changes included
   * @param earliestMicros now plus the look-ahead
   * @throws Refusal if the command is invalid or cannot be scheduled; nothing changes then
   */
  static Plan plan(
      FacilitatorCommand command,
      TempoMap tempoMap,
      LongFunction<FormState> formAt,
      long earliestMicros)
      throws Refusal {
    boolean held = tempoMap.isHeldAt(earliestMicros);
    double beat;
    long micros;
    Quantize quantize = command.hasQuantize() ? command.getQuantize() : defaultQuantize(command);
    checkPhraseBars(quantize);
    if (held) {
      micros = earliestMicros;
      beat = tempoMap.beatAt(micros);
    } else {
      if (quantize.getBoundary() == Quantize.Boundary.AT_BEAT
          && !Double.isFinite(quantize.getAtBeat())) {
        throw new Refusal(ErrorCode.INVALID_ARGUMENT, "The beat to change at must be a number.");
      }
      double earliestBeat = tempoMap.beatAt(earliestMicros);
      try {
        beat = Quantizer.effectiveBeat(quantize, formAt.apply(earliestMicros), earliestBeat);
      } catch (Quantizer.TooSoonException e) {
        throw new Refusal(ErrorCode.TOO_SOON, e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new Refusal(ErrorCode.INVALID_ARGUMENT, "Unknown quantization.");
      }
      if (!(beat - earliestBeat <= MAX_BEATS_AHEAD)) {
        throw new Refusal(
            ErrorCode.INVALID_ARGUMENT,
            String.format(
                "A change can be scheduled at most %d beats ahead (the earliest beat now is %.2f).",
                (long) MAX_BEATS_AHEAD, earliestBeat));
      }
      micros = tempoMap.timeAt(beat);
      if (micros == Long.MAX_VALUE) {
        // The beat lies past a fermata that has not begun yet: the change falls into it.
        held = true;
        TempoSegment hold = tempoMap.lastSegment();
        micros = Math.max(earliestMicros, hold.startMicros());
        beat = hold.startBeat();
      }
    }
    FormState form = formAt.apply(micros);
    String when = held ? "" : " at " + describe(quantize);
    switch (command.getKindCase()) {
      case TEMPO -> {
        double bpm = command.getTempo().getBpm();
        double ramp = command.getTempo().getRampBeats();
        checkBpm(bpm);
        checkRamp(ramp);
        TempoMap next =
            ramp > 0 ? tempoMap.withRamp(micros, bpm, ramp) : tempoMap.withSteady(micros, bpm);
        String what =
            ramp > 0
                ? String.format(
                    "tempo %s to %.0f BPM over %s beats",
                    rampWord(tempoMap, micros, bpm), bpm, trim(ramp))
                : String.format("tempo %.0f BPM", bpm);
        return new Plan(beat, micros, next, FormPatch.getDefaultInstance(), what + when);
      }
      case FERMATA -> {
        if (held || tempoMap.lastSegment() instanceof TempoSegment.Hold) {
          throw new Refusal(
              ErrorCode.INVALID_ARGUMENT, "A fermata is already being held or about to begin.");
        }
        return new Plan(
            beat,
            micros,
            tempoMap.withHold(micros),
            FormPatch.getDefaultInstance(),
            "fermata" + when);
      }
      case RELEASE -> {
        // A release ignores quantization: it ends the fermata (or one about to begin) after the
        // look-ahead, on the held beat.
        if (!(tempoMap.lastSegment() instanceof TempoSegment.Hold hold)) {
          throw new Refusal(ErrorCode.INVALID_ARGUMENT, "There is no fermata to release.");
        }
        long at = Math.max(earliestMicros, hold.startMicros());
        double bpm = command.getRelease().getBpm() > 0 ? command.getRelease().getBpm() : hold.bpm();
        checkBpm(bpm);
        return new Plan(
            hold.startBeat(),
            at,
            tempoMap.withSteady(at, bpm),
            FormPatch.getDefaultInstance(),
            String.format("release at %.0f BPM", bpm));
      }
      case SECTION -> {
        String name = label(command.getSection().getName(), "section name");
        return formChange(
            beat,
            micros,
            tempoMap,
            FormPatch.newBuilder().setSection(name).build(),
            "section " + name + when);
      }
      case METER -> {
        Meter meter = meter(command, form);
        FormPatch.Builder patch = FormPatch.newBuilder().setMeter(meter).setBarOriginBeat(beat);
        int phrase = command.getMeter().getPhraseBars();
        // 0 keeps the phrase; a uint32 past 2^31 reads as negative and is refused, not kept.
        if (phrase != 0 && !FormLimits.isPhraseBars(phrase)) {
          throw new Refusal(
              ErrorCode.INVALID_ARGUMENT,
              "A phrase can be at most " + FormLimits.MAX_PHRASE_BARS + " bars long.");
        }
        if (phrase > 0) {
          patch.setPhraseBars(phrase);
        }
        return formChange(
            beat,
            micros,
            tempoMap,
            patch.build(),
            "meter " + meter.getBeatsPerBar() + "/" + meter.getBeatUnit() + when);
      }
      case KEY -> {
        Key key =
            Key.newBuilder()
                .setTonic(command.getKey().getTonic())
                .setMode(command.getKey().getMode())
                .build();
        if (!FormLimits.isPitchClass(key.getTonic()) || key.getMode() == Mode.UNRECOGNIZED) {
          throw new Refusal(
              ErrorCode.INVALID_ARGUMENT,
              "A key needs a tonic from 0 (C) to "
                  + FormLimits.MAX_PITCH_CLASS
                  + " (B) and a known mode.");
        }
        return formChange(
            beat,
            micros,
            tempoMap,
            FormPatch.newBuilder().setKey(key).build(),
            "key "
                + Scales.noteName(key.getTonic())
                + " "
                + key.getMode().name().toLowerCase().replace('_', ' ')
                + when);
      }
      case GROOVE -> {
        String name = label(command.getGroove().getName(), "groove name");
        return formChange(
            beat,
            micros,
            tempoMap,
            FormPatch.newBuilder().setGroove(name).build(),
            "groove " + name + when);
      }
      case DYNAMICS -> {
        Dynamic level = command.getDynamics().getLevel();
        double ramp = command.getDynamics().getRampBeats();
        if (level == Dynamic.DYNAMIC_UNSPECIFIED || level == Dynamic.UNRECOGNIZED) {
          throw new Refusal(
              ErrorCode.INVALID_ARGUMENT,
              "Dynamics need a level: ppp, pp, p, mp, mf, f, ff or fff.");
        }
        checkRamp(ramp);
        int from = (int) Math.round(Dynamics.levelAt(form.getDynamics(), beat));
        DynamicsRamp dynamics =
            DynamicsRamp.newBuilder()
                .setFrom(Dynamic.forNumber(from))
                .setTo(level)
                .setStartBeat(beat)
                .setBeats(ramp)
                .build();
        String what =
            ramp > 0
                ? (level.getNumber() >= from ? "crescendo" : "diminuendo")
                    + " to "
                    + level.name().toLowerCase()
                    + " over "
                    + trim(ramp)
                    + " beats"
                : "dynamics " + level.name().toLowerCase();
        return formChange(
            beat,
            micros,
            tempoMap,
            FormPatch.newBuilder().setDynamics(dynamics).build(),
            what + when);
      }
      case ACCENT -> {
        return formChange(
            beat,
            micros,
            tempoMap,
            FormPatch.newBuilder().setAccent(true).build(),
            "accent" + when);
      }
      case PROGRESSION -> {
        var chords = command.getProgression().getChordsList();
        if (!FormLimits.isChordCount(chords.size())) {
          throw new Refusal(
              ErrorCode.INVALID_ARGUMENT,
              "A progression needs "
                  + FormLimits.MIN_CHORDS
                  + " to "
                  + FormLimits.MAX_CHORDS
                  + " chords.");
        }
        for (String chord : chords) {
          try {
            RomanChord.parse(chord);
          } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.INVALID_ARGUMENT, e.getMessage());
          }
        }
        Progression progression =
            Progression.newBuilder().addAllChords(chords).setStartBeat(beat).build();
        return formChange(
            beat,
            micros,
            tempoMap,
            FormPatch.newBuilder().setProgression(progression).build(),
            "chords " + String.join(" ", chords) + when);
      }
      case TAP_TEMPO -> throw new IllegalStateException("tap tempo is counted by the group");
      case KIND_NOT_SET ->
          throw new Refusal(
              ErrorCode.INVALID_ARGUMENT, "The command is empty: say what to change.");
      default -> throw new Refusal(ErrorCode.INVALID_ARGUMENT, "Unknown command.");
    }
  }

  /** Where a command takes effect when the facilitator does not say. */
  static Quantize defaultQuantize(FacilitatorCommand command) {
    Quantize.Boundary boundary =
        switch (command.getKindCase()) {
          case SECTION, METER, KEY, GROOVE, PROGRESSION -> Quantize.Boundary.NEXT_BAR;
          default -> Quantize.Boundary.NEXT_BEAT;
        };
    return Quantize.newBuilder().setBoundary(boundary).build();
  }

  private static Plan formChange(
      double beat, long micros, TempoMap tempoMap, FormPatch patch, String description) {
    return new Plan(beat, micros, tempoMap, patch, description);
  }

  private static Meter meter(FacilitatorCommand command, FormState form) throws Refusal {
    int beats = command.getMeter().getBeatsPerBar();
    int unit =
        command.getMeter().getBeatUnit() == 0
            ? form.getMeter().getBeatUnit()
            : command.getMeter().getBeatUnit();
    if (!FormLimits.isBeatsPerBar(beats) || !FormLimits.isBeatUnit(unit)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "A meter needs "
              + FormLimits.MIN_BEATS_PER_BAR
              + " to "
              + FormLimits.MAX_BEATS_PER_BAR
              + " beats per bar and a beat unit of "
              + FormLimits.beatUnitsInWords()
              + ".");
    }
    return Meter.newBuilder().setBeatsPerBar(beats).setBeatUnit(unit).build();
  }

  private static String label(String raw, String what) throws Refusal {
    String s = raw.strip();
    if (!FormLimits.isLabel(s)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "The " + what + " must be 1 to " + FormLimits.MAX_LABEL_CHARS + " printable characters.");
    }
    return s;
  }

  private static void checkBpm(double bpm) throws Refusal {
    if (!(bpm >= TempoMap.MIN_BPM && bpm <= TempoMap.MAX_BPM)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          String.format(
              "The tempo must be between %.0f and %.0f BPM.", TempoMap.MIN_BPM, TempoMap.MAX_BPM));
    }
  }

  private static void checkRamp(double beats) throws Refusal {
    if (!FormLimits.isRampBeats(beats)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "A ramp lasts from 0 to " + (int) FormLimits.MAX_RAMP_BEATS + " beats.");
    }
  }

  /** A phrase length given for NEXT_PHRASE (0 = the form's own) is bounded as the meter's is. */
  private static void checkPhraseBars(Quantize quantize) throws Refusal {
    int bars = quantize.getPhraseBars();
    if (quantize.getBoundary() == Quantize.Boundary.NEXT_PHRASE
        && bars != 0
        && !FormLimits.isPhraseBars(bars)) {
      throw new Refusal(
          ErrorCode.INVALID_ARGUMENT,
          "The next phrase is counted in phrases of "
              + FormLimits.MIN_PHRASE_BARS
              + " to "
              + FormLimits.MAX_PHRASE_BARS
              + " bars, not "
              + Integer.toUnsignedString(bars)
              + ".");
    }
  }

  private static String rampWord(TempoMap map, long micros, double bpm) {
    return bpm >= map.continuingBpmAt(micros) ? "accelerando" : "ritardando";
  }

  private static String describe(Quantize quantize) {
    return switch (quantize.getBoundary()) {
      case NEXT_BEAT -> "next beat";
      case NEXT_BAR -> "next bar";
      case NEXT_PHRASE -> "next phrase";
      case AT_BEAT -> "beat " + trim(quantize.getAtBeat());
      default -> "?";
    };
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
