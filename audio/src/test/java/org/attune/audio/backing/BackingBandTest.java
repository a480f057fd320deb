package org.attune.audio.backing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.attune.audio.backing.RecordingSink.Note;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.StructureChange;
import org.junit.jupiter.api.Test;

class BackingBandTest {

  /** One beat at 120 BPM. */
  private static final long BEAT = 500_000;

  private static final TempoMap AT_120 = TempoMap.steady(0, 120);

  private static FormState form(String groove) {
    return FormStates.initial().toBuilder().setGroove(groove).build();
  }

  private static StructureChange change(long micros, TempoMap map, FormPatch patch) {
    return StructureChange.newBuilder()
        .setEffectiveServerMicros(micros)
        .setEffectiveBeat(map.beatAt(micros))
        .setTempoMap(map.toProto())
        .setForm(patch)
        .build();
  }

  private static RecordingSink play(
      FormTimeline timeline, int parts, long from, long to, long frames) {
    BackingBand band = new BackingBand();
    band.parts(parts);
    band.timeline(timeline);
    RecordingSink sink = new RecordingSink();
    sink.renderFrames(band, from, to, frames);
    return sink;
  }

  /** Plays like {@link #play}, then switches every part off so that the last notes are released. */
  private static RecordingSink playAndStop(FormTimeline timeline, long to, long frames) {
    BackingBand band = new BackingBand();
    band.parts(BackingPart.ALL);
    band.timeline(timeline);
    RecordingSink sink = new RecordingSink();
    sink.renderFrames(band, 0, to, frames);
    band.parts(0);
    band.render(to, to + 1_333, sink);
    return sink;
  }

  private static List<Long> times(List<Note> notes) {
    return notes.stream().map(Note::micros).toList();
  }

  private static Set<Integer> pitchClasses(List<Note> notes) {
    Set<Integer> pcs = new HashSet<>();
    notes.forEach(n -> pcs.add(n.key() % 12));
    return pcs;
  }

  private static Note at(List<Note> notes, long micros) {
    return notes.stream().filter(n -> n.micros() == micros).findFirst().orElseThrow();
  }

  @Test
  void clickSoundsOnEveryBeatAtOneTwentyWithTheDownbeatAccented() {
    RecordingSink sink =
        play(
            FormTimeline.steady(form("straight"), AT_120),
            BackingPart.CLICK.bit(),
            0,
            4_000_000,
            64);

    List<Note> clicks = sink.ons(BackingPart.CLICK);
    List<Long> expected = new ArrayList<>();
    for (int beat = 0; beat < 8; beat++) {
      expected.add(beat * BEAT);
    }
    assertThat(times(clicks)).isEqualTo(expected);
    for (int beat = 0; beat < 8; beat++) {
      assertThat(clicks.get(beat).key()).isEqualTo(beat % 4 == 0 ? 76 : 77);
    }
    assertThat(clicks.get(0).velocity()).isGreaterThan(clicks.get(1).velocity());
    assertThat(clicks.get(4).velocity()).isGreaterThan(clicks.get(3).velocity());
    assertThat(sink.select(n -> n.part() != BackingPart.CLICK)).isEmpty();
    assertThat(times(sink.offs(BackingPart.CLICK)).get(0)).isEqualTo(50_000L);
  }

  /**
   * A timeline with a bit of everything: ramp, key and groove changes, chords, accent, crescendo.
   */
  private static FormTimeline busyTimeline() {
    TempoMap map = AT_120.withRamp(4_000_000, 150, 8);
    FormState start =
        form("bossa").toBuilder()
            .setProgression(
                Progression.newBuilder()
                    .addChords("I")
                    .addChords("vi")
                    .addChords("ii7")
                    .addChords("V7"))
            .setDynamics(DynamicsRamp.newBuilder().setFrom(Dynamic.P).setTo(Dynamic.F).setBeats(12))
            .build();
    List<StructureChange> pending =
        List.of(
            change(2_000_000, map, FormPatch.newBuilder().setAccent(true).build()),
            change(
                4_000_000,
                map,
                FormPatch.newBuilder()
                    .setKey(Key.newBuilder().setTonic(9).setMode(Mode.DORIAN))
                    .build()),
            change(
                map.timeAt(16),
                map,
                FormPatch.newBuilder()
                    .setGroove("swing")
                    .setMeter(Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4))
                    .setBarOriginBeat(16)
                    .build()));
    return FormTimeline.of(map, start, pending);
  }

  @Test
  void blocksOf64FramesAndOfOneSecondGiveTheSameEvents() {
    FormTimeline timeline = busyTimeline();

    RecordingSink small = playAndStop(timeline, 12_000_000, 64);
    RecordingSink large = playAndStop(timeline, 12_000_000, 48_000);
    RecordingSink odd = playAndStop(timeline, 12_000_000, 7_919);

    assertThat(small.notes).hasSizeGreaterThan(300);
    assertThat(large.notes).isEqualTo(small.notes);
    assertThat(odd.notes).isEqualTo(small.notes);
    small.assertEveryNoteReleased();
  }

  @Test
  void theSameTimelineAndBlocksGiveTheSameEventsEveryTime() {
    RecordingSink first = play(busyTimeline(), BackingPart.ALL, 0, 10_000_000, 64);
    RecordingSink second = play(busyTimeline(), BackingPart.ALL, 0, 10_000_000, 64);

    assertThat(second.notes).isEqualTo(first.notes);
  }

  @Test
  void keyChangeAtABarMovesTheBassToTheNewKeyFromThatBarOn() {
    Key d = Key.newBuilder().setTonic(2).setMode(Mode.MAJOR).build();
    FormTimeline timeline =
        FormTimeline.of(
            AT_120,
            form("straight"),
            List.of(change(8 * BEAT, AT_120, FormPatch.newBuilder().setKey(d).build())));

    RecordingSink sink = play(timeline, BackingPart.BASS.bit(), 0, 16 * BEAT, 64);

    List<Note> before = sink.select(n -> n.on() && n.micros() < 8 * BEAT);
    List<Note> after = sink.select(n -> n.on() && n.micros() >= 8 * BEAT);
    assertThat(pitchClasses(before)).containsExactlyInAnyOrder(0, 7);
    assertThat(pitchClasses(after)).containsExactlyInAnyOrder(2, 9);
    assertThat(at(after, 8 * BEAT).key() % 12).isEqualTo(2);
    assertThat(sink.select(n -> true)).allMatch(n -> n.key() >= 28 && n.key() <= 52);
    sink.assertEveryNoteReleased();
  }

  @Test
  void progressionOneFourFiveOneGivesTheBassRootOfEachBar() {
    FormState inG =
        form("straight").toBuilder()
            .setKey(Key.newBuilder().setTonic(7).setMode(Mode.MAJOR))
            .setProgression(
                Progression.newBuilder()
                    .addChords("I")
                    .addChords("IV")
                    .addChords("V")
                    .addChords("I"))
            .build();

    RecordingSink sink =
        play(FormTimeline.steady(inG, AT_120), BackingPart.BASS.bit(), 0, 32 * BEAT, 64);

    List<Integer> downbeatRoots = new ArrayList<>();
    for (int bar = 0; bar < 8; bar++) {
      downbeatRoots.add(at(sink.ons(BackingPart.BASS), bar * 4 * BEAT).key() % 12);
    }
    assertThat(downbeatRoots).containsExactly(7, 0, 2, 7, 7, 0, 2, 7);
  }

  @Test
  void rampPlacesTheClickWhereTheTempoMapPutsTheBeats() {
    TempoMap map = TempoMap.steady(1_000_000, 100).withRamp(3_400_000, 160, 8);

    RecordingSink sink =
        play(
            FormTimeline.steady(form("rock"), map),
            BackingPart.CLICK.bit(),
            1_000_000,
            12_000_000,
            64);

    List<Long> clicks = times(sink.ons(BackingPart.CLICK));
    for (int beat = 0; beat < clicks.size(); beat++) {
      assertThat(clicks.get(beat)).isEqualTo(map.timeAt(beat));
    }
    assertThat(clicks.get(1) - clicks.get(0)).isEqualTo(600_000L);
    long lastGap = clicks.get(clicks.size() - 1) - clicks.get(clicks.size() - 2);
    assertThat(lastGap).isEqualTo(375_000L);
    assertThat(clicks.get(8) - clicks.get(7)).isLessThan(clicks.get(5) - clicks.get(4));
  }

  @Test
  void fermataHoldsPadAndBassSilencesDrumsAndResumesFromTheHeldBeat() {
    TempoMap held = AT_120.withHold(6 * BEAT);
    long release = 5_000_000;
    TempoMap released = held.withSteady(release, 120);
    BackingBand band = new BackingBand();
    band.parts(BackingPart.ALL);
    band.timeline(FormTimeline.steady(form("straight"), held));
    RecordingSink sink = new RecordingSink();
    sink.renderFrames(band, 0, 4_500_000, 64);
    band.timeline(FormTimeline.steady(form("straight"), released));
    sink.renderFrames(band, 4_500_000, 8_000_000, 64);

    long holdStart = 6 * BEAT;
    assertThat(sink.select(n -> n.on() && n.micros() > holdStart && n.micros() < release))
        .isEmpty();
    assertThat(
            sink.select(
                n ->
                    !n.on()
                        && n.part() == BackingPart.PAD
                        && n.micros() > holdStart
                        && n.micros() < release))
        .isEmpty();
    assertThat(
            sink.select(
                n ->
                    !n.on()
                        && n.part() == BackingPart.BASS
                        && n.micros() > holdStart
                        && n.micros() < release))
        .isEmpty();
    assertThat(
            sink.select(
                n ->
                    n.part().isPercussion()
                        && n.micros() > holdStart + 80_000
                        && n.micros() < release))
        .isEmpty();
    // The bar's chord, struck at beat 4, rings until the bar ends two beats after the release.
    assertThat(
            sink.select(
                n ->
                    n.part() == BackingPart.PAD
                        && n.micros() > 4 * BEAT
                        && n.micros() <= release + 2 * BEAT))
        .extracting(Note::micros, Note::key, Note::on)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(release + 2 * BEAT, 60, false),
            org.assertj.core.groups.Tuple.tuple(release + 2 * BEAT, 64, false),
            org.assertj.core.groups.Tuple.tuple(release + 2 * BEAT, 67, false),
            org.assertj.core.groups.Tuple.tuple(release + 2 * BEAT, 60, true),
            org.assertj.core.groups.Tuple.tuple(release + 2 * BEAT, 64, true),
            org.assertj.core.groups.Tuple.tuple(release + 2 * BEAT, 67, true));
    // The bass's fifth on the held beat lasts its 22 of 24 ticks, counted from the release.
    Note heldBass = at(sink.ons(BackingPart.BASS), holdStart);
    assertThat(heldBass.key()).isEqualTo(43);
    assertThat(
            sink.select(
                    n ->
                        !n.on()
                            && n.part() == BackingPart.BASS
                            && n.key() == 43
                            && n.micros() > holdStart)
                .get(0)
                .micros())
        .isEqualTo(release + 458_333);
    List<Long> clicks = times(sink.ons(BackingPart.CLICK));
    assertThat(clicks).contains(holdStart, release + BEAT, release + 2 * BEAT);
    assertThat(at(sink.ons(BackingPart.CLICK), release + 2 * BEAT).key()).isEqualTo(76);
  }

  @Test
  void crescendoRaisesVelocitiesBeatOverBeat() {
    FormState crescendo =
        form("straight").toBuilder()
            .setDynamics(
                DynamicsRamp.newBuilder().setFrom(Dynamic.PP).setTo(Dynamic.FF).setBeats(8))
            .build();

    RecordingSink sink =
        play(
            FormTimeline.steady(crescendo, AT_120),
            BackingPart.mask(BackingPart.BASS, BackingPart.CLICK),
            0,
            12 * BEAT,
            64);

    List<Note> bass = sink.ons(BackingPart.BASS);
    for (int beat = 1; beat <= 8; beat++) {
      assertThat(bass.get(beat).velocity()).isGreaterThan(bass.get(beat - 1).velocity());
    }
    assertThat(bass.get(9).velocity()).isEqualTo(bass.get(8).velocity());
    List<Note> offbeatClicks = sink.select(n -> n.on() && n.key() == 77 && n.micros() <= 8 * BEAT);
    for (int i = 1; i < offbeatClicks.size(); i++) {
      assertThat(offbeatClicks.get(i).velocity())
          .isGreaterThan(offbeatClicks.get(i - 1).velocity());
    }
  }

  private static Set<List<Long>> drumBar(String groove, int beatsPerBar) {
    FormState f =
        form(groove).toBuilder()
            .setMeter(Meter.newBuilder().setBeatsPerBar(beatsPerBar).setBeatUnit(4))
            .build();
    long barStart = beatsPerBar * BEAT;
    RecordingSink sink =
        play(FormTimeline.steady(f, AT_120), BackingPart.DRUMS.bit(), 0, 3 * barStart, 64);
    Set<List<Long>> hits = new HashSet<>();
    for (Note n : sink.ons(BackingPart.DRUMS)) {
      if (n.micros() >= barStart && n.micros() < 2 * barStart) {
        hits.add(List.of(n.micros() - barStart, (long) n.key()));
      }
    }
    return hits;
  }

  @Test
  void everyGrooveDrumsADifferentBar() {
    List<Set<List<Long>>> bars = new ArrayList<>();
    for (Groove groove : Groove.values()) {
      Set<List<Long>> bar = drumBar(groove.name().toLowerCase(), 4);
      assertThat(bar).as(groove.name()).hasSizeGreaterThanOrEqualTo(4);
      bars.add(bar);
    }
    assertThat(new HashSet<>(bars)).hasSize(Groove.values().length);
    assertThat(Groove.values()).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void anUnknownGrooveIsPlayedStraight() {
    assertThat(drumBar("polka-from-mars", 4)).isEqualTo(drumBar("straight", 4));
    assertThat(Groove.named("Bossa Nova")).isEqualTo(Groove.BOSSA);
  }

  @Test
  void patternsFollowTheMetersBeatsPerBar() {
    FormState waltz =
        form("waltz").toBuilder()
            .setMeter(Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4))
            .build();
    RecordingSink sink =
        play(
            FormTimeline.steady(waltz, AT_120),
            BackingPart.mask(BackingPart.CLICK, BackingPart.DRUMS),
            0,
            9 * BEAT,
            64);

    assertThat(times(sink.select(n -> n.on() && n.key() == 76)))
        .containsExactly(0L, 3 * BEAT, 6 * BEAT);
    assertThat(times(sink.select(n -> n.on() && n.key() == Groove.KICK)))
        .containsExactly(0L, 3 * BEAT, 6 * BEAT);

    Set<List<Long>> fiveFour = drumBar("rock", 5);
    assertThat(fiveFour.stream().mapToLong(h -> h.get(0)).max().orElseThrow())
        .isGreaterThan(4 * BEAT);
    assertThat(fiveFour).isNotEqualTo(drumBar("rock", 4));
  }

  @Test
  void swingPlaysItsOffbeatTwoThirdsThroughTheBeat() {
    RecordingSink sink =
        play(FormTimeline.steady(form("swing"), AT_120), BackingPart.DRUMS.bit(), 0, 4 * BEAT, 64);

    assertThat(times(sink.select(n -> n.on() && n.key() == Groove.RIDE)))
        .containsExactly(0L, BEAT, BEAT + 333_333, 2 * BEAT, 3 * BEAT, 3 * BEAT + 333_333);
  }

  @Test
  void padVoicesEachBarsChordAroundMiddleC() {
    FormState progression =
        form("ballad").toBuilder()
            .setProgression(
                Progression.newBuilder()
                    .addChords("I")
                    .addChords("V")
                    .addChords("IV")
                    .addChords("ii7"))
            .build();

    RecordingSink sink =
        play(FormTimeline.steady(progression, AT_120), BackingPart.PAD.bit(), 0, 16 * BEAT, 64);

    assertThat(sink.ons(BackingPart.PAD))
        .extracting(Note::micros, Note::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 60),
            org.assertj.core.groups.Tuple.tuple(0L, 64),
            org.assertj.core.groups.Tuple.tuple(0L, 67),
            org.assertj.core.groups.Tuple.tuple(4 * BEAT, 55),
            org.assertj.core.groups.Tuple.tuple(4 * BEAT, 59),
            org.assertj.core.groups.Tuple.tuple(4 * BEAT, 62),
            org.assertj.core.groups.Tuple.tuple(8 * BEAT, 53),
            org.assertj.core.groups.Tuple.tuple(8 * BEAT, 57),
            org.assertj.core.groups.Tuple.tuple(8 * BEAT, 60),
            org.assertj.core.groups.Tuple.tuple(12 * BEAT, 62),
            org.assertj.core.groups.Tuple.tuple(12 * BEAT, 65),
            org.assertj.core.groups.Tuple.tuple(12 * BEAT, 69),
            org.assertj.core.groups.Tuple.tuple(12 * BEAT, 72));
    assertThat(times(sink.offs(BackingPart.PAD)))
        .containsExactly(
            4 * BEAT, 4 * BEAT, 4 * BEAT, 8 * BEAT, 8 * BEAT, 8 * BEAT, 12 * BEAT, 12 * BEAT,
            12 * BEAT);
  }

  @Test
  void switchingAPartOffReleasesItsNotesAtOnceAndSilencesIt() {
    BackingBand band = new BackingBand();
    band.parts(BackingPart.ALL);
    band.timeline(FormTimeline.steady(form("straight"), AT_120));
    RecordingSink sink = new RecordingSink();
    sink.renderFrames(band, 0, 1_000_000, 64);
    band.parts(BackingPart.ALL & ~BackingPart.PAD.bit());
    sink.renderFrames(band, 1_000_000, 6_000_000, 64);

    assertThat(sink.select(n -> n.part() == BackingPart.PAD && n.micros() >= 1_000_000))
        .extracting(Note::micros, Note::key, Note::on)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 60, false),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 64, false),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 67, false));
    assertThat(sink.select(n -> n.on() && n.part() == BackingPart.BASS && n.micros() >= 1_000_000))
        .hasSize(10);
    band.parts(0);
    sink.renderFrames(band, 6_000_000, 6_100_000, 64);
    sink.assertEveryNoteReleased();
  }

  @Test
  void anAccentGetsACrashAndLouderNotes() {
    FormTimeline timeline =
        FormTimeline.of(
            AT_120,
            form("straight"),
            List.of(change(8 * BEAT, AT_120, FormPatch.newBuilder().setAccent(true).build())));

    RecordingSink sink = play(timeline, BackingPart.ALL, 0, 16 * BEAT, 64);

    assertThat(times(sink.select(n -> n.on() && n.key() == Groove.CRASH)))
        .containsExactly(8 * BEAT);
    assertThat(at(sink.ons(BackingPart.BASS), 8 * BEAT).velocity())
        .isGreaterThan(at(sink.ons(BackingPart.BASS), 4 * BEAT).velocity());
    assertThat(at(sink.ons(BackingPart.CLICK), 8 * BEAT).velocity())
        .isGreaterThan(at(sink.ons(BackingPart.CLICK), 12 * BEAT).velocity());
    assertThat(at(sink.ons(BackingPart.CLICK), 12 * BEAT).velocity())
        .isEqualTo(at(sink.ons(BackingPart.CLICK), 4 * BEAT).velocity());
  }

  @Test
  void aTimelineSwappedInMidChordReleasesTheKeysThatWereStruck() {
    BackingBand band = new BackingBand();
    band.parts(BackingPart.PAD.bit());
    band.timeline(FormTimeline.steady(form("straight"), AT_120));
    RecordingSink sink = new RecordingSink();
    sink.renderFrames(band, 0, 500_000, 64);
    Key eFlat = Key.newBuilder().setTonic(3).setMode(Mode.MAJOR).build();
    band.timeline(
        FormTimeline.of(
            AT_120,
            form("straight"),
            List.of(change(1_000_000, AT_120, FormPatch.newBuilder().setKey(eFlat).build()))));
    sink.renderFrames(band, 500_000, 3_000_000, 64);

    assertThat(sink.notes)
        .extracting(Note::micros, Note::key, Note::on)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 60, true),
            org.assertj.core.groups.Tuple.tuple(0L, 64, true),
            org.assertj.core.groups.Tuple.tuple(0L, 67, true),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 60, false),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 64, false),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 67, false),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 63, true),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 67, true),
            org.assertj.core.groups.Tuple.tuple(1_000_000L, 70, true),
            org.assertj.core.groups.Tuple.tuple(2_000_000L, 63, false),
            org.assertj.core.groups.Tuple.tuple(2_000_000L, 67, false),
            org.assertj.core.groups.Tuple.tuple(2_000_000L, 70, false),
            org.assertj.core.groups.Tuple.tuple(2_000_000L, 63, true),
            org.assertj.core.groups.Tuple.tuple(2_000_000L, 67, true),
            org.assertj.core.groups.Tuple.tuple(2_000_000L, 70, true));
  }
}
