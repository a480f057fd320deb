package org.attune.server.journal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Progression;
import org.attune.protocol.v1.Role;
import org.attune.server.journal.JournalContents;
import org.attune.server.journal.JournalReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's journal exported to MIDI and read back by Debian's midicsv: the tracks and their
 * names, programs and channels, every note at the tick its beat gives and at the time the tempo
 * events give, the tempo events of steady tempos, a ramp and a fermata, meters, keys, sections and
 * chords, across a server restart.
 */
class SessionMidiExportTest {

  /** 2025-12-01 12:00 UTC, in µs: the first server's time 0. */
  static final long FIRST_ANCHOR = 1_764_590_400_000_000L;

  static final int PPQ = SessionMidiExport.PPQ;

  /** The fermata lasts 3.2 s at 160 BPM: 8.53 beats, shown as 9 beats of their own. */
  static final int FERMATA_BEATS = 9;

  @TempDir Path dir;

  private Path journal;
  private RecordedSession session;
  private long holdWall;
  private long releaseWall;

  /**
   * Two bars of 4/4 at 100 BPM; section B in 3/4, D dorian, at 120; an accelerando to 160 over
   * eight beats; E minor with a progression i iv V i; an instrument change; a fermata of 3.2 s
   * played through; a note held when the server stops for three seconds and restarts; section C in
   * 6/8, B flat major at 90 with I V; a note left held; the end.
   */
  @BeforeEach
  void playSession() throws IOException {
    journal = dir.resolve("sessions").resolve("g7").resolve("journal");
    RecordedSession s =
        new RecordedSession(journal, "g7", "Tuesday group", FIRST_ANCHOR, 5_000_000, 100);
    session = s;
    s.join("p1", "Robin", "marimba", Role.PARTICIPANT, false);
    s.join("p2", "Sam", "djembe", Role.PARTICIPANT, false);
    s.join("p3", "Therapist", "piano", Role.FACILITATOR, false);
    s.join("p4", "Supervisor", "", Role.LISTENER, false);
    int[] scale = {60, 62, 64, 65};
    for (int k = 0; k < 4; k++) {
      s.note("p1", k, scale[k], 0.6f, 0.5);
    }
    for (int k = 0; k < 8; k++) {
      s.hit("p2", k, 36);
    }
    s.tap("p1", 4);
    s.change(
        8,
        m -> m.withSteady(m.timeAt(8), 120),
        FormPatch.newBuilder()
            .setSection("B")
            .setMeter(Meter.newBuilder().setBeatsPerBar(3).setBeatUnit(4))
            .setBarOriginBeat(8)
            .setKey(Key.newBuilder().setTonic(2).setMode(Mode.DORIAN))
            .build(),
        "section B, 3/4, D dorian, 120 BPM at beat 8");
    int[] pads = {62, 64, 65, 67};
    for (int k = 0; k < 4; k++) {
      s.pad("p1", 8 + k, k + 1, pads[k], 0.75);
    }
    for (int k = 8; k < 20; k++) {
      s.hit("p2", k, 38);
    }
    s.change(
        20,
        m -> m.withRamp(m.timeAt(20), 160, 8),
        FormPatch.getDefaultInstance(),
        "accelerando to 160 over 8 beats at beat 20");
    for (int k = 0; k < 16; k++) {
      s.note("p1", 20 + k * 0.5, 69, 0.7f, 0.25);
    }
    s.change(
        32,
        m -> m,
        FormPatch.newBuilder()
            .setKey(Key.newBuilder().setTonic(4).setMode(Mode.NATURAL_MINOR))
            .setProgression(
                Progression.newBuilder()
                    .addAllChords(List.of("i", "iv", "V", "i"))
                    .setStartBeat(32))
            .build(),
        "E minor, i iv V i at beat 32");
    s.instrument("p1", "guitar", 34);
    for (int k = 34; k < 44; k++) {
      s.note("p1", k, 64, 0.6f, 0.5);
      s.hit("p2", k, 42);
    }
    long hold = s.timeAt(44);
    s.change(
        44, m -> m.withHold(m.timeAt(44)), FormPatch.getDefaultInstance(), "fermata at beat 44");
    s.noteOn("p1", hold + 500_000, 67, 0.5f);
    s.noteOff("p1", hold + 1_000_000, 67);
    s.noteOn("p1", hold + 1_500_000, 71, 0.5f);
    s.noteOff("p1", hold + 2_500_000, 71);
    long release = hold + 3_200_000;
    s.change(
        release,
        200_000,
        m -> m.withSteady(release, 160),
        FormPatch.getDefaultInstance(),
        "release at 160 BPM");
    holdWall = s.wall(hold);
    releaseWall = s.wall(release);
    for (int k = 44; k < 56; k++) {
      s.note("p1", k, 72, 0.6f, 0.5);
      s.hit("p2", k, 36);
    }
    s.noteOn("p1", s.timeAt(55.25), 79, 0.5f);
    s.restart(56, 3_000_000, 2_000_000);
    s.join("p1", "Robin", "marimba", Role.PARTICIPANT, true);
    s.join("p2", "Sam", "djembe", Role.PARTICIPANT, true);
    for (int k = 65; k < 70; k++) {
      s.note("p1", k, 74, 0.6f, 0.5);
    }
    s.change(
        71,
        m -> m.withSteady(m.timeAt(71), 90),
        FormPatch.newBuilder()
            .setSection("C")
            .setMeter(Meter.newBuilder().setBeatsPerBar(6).setBeatUnit(8))
            .setBarOriginBeat(71)
            .setKey(Key.newBuilder().setTonic(10).setMode(Mode.MAJOR))
            .setProgression(
                Progression.newBuilder().addAllChords(List.of("I", "V")).setStartBeat(71))
            .build(),
        "section C, 6/8, B flat major, 90 BPM at beat 71");
    for (int k = 0; k < 12; k++) {
      s.note("p1", 71 + k, 70 + k % 3, 0.6f, 0.5);
      s.hit("p2", 71 + k, 36);
    }
    s.noteOn("p1", s.timeAt(82.5), 77, 0.9f);
    s.leave("p2");
    s.end(84);
  }

  /** The tick the session's plan puts a moment at, worked out by hand from the plan. */
  private long expectedTick(double beat, long wall) {
    if (wall < holdWall) {
      return Math.round(PPQ * beat);
    }
    if (wall < releaseWall) {
      return Math.round(PPQ * (44 + FERMATA_BEATS * (wall - holdWall) / 3_200_000.0));
    }
    if (beat < 71) {
      return Math.round(PPQ * (beat + FERMATA_BEATS));
    }
    return Math.round(PPQ * (71 + FERMATA_BEATS) + PPQ / 2.0 * (beat - 71));
  }

  private List<Midicsv.Event> exported() throws Exception {
    Midicsv.requireInstalled();
    Path midi = dir.resolve("export.mid");
    SessionMidiExport.write(SessionScoreReader.read(journal), midi);
    return Midicsv.read(midi);
  }

  private static List<Midicsv.Event> of(List<Midicsv.Event> events, int track, String type) {
    return events.stream().filter(e -> e.track() == track && e.type().equals(type)).toList();
  }

  @Test
  void oneTrackPerMemberWhoPlayedNamedByItsPseudonymWithItsProgram() throws Exception {
    List<Midicsv.Event> events = exported();

    Midicsv.Event header = events.get(0);
    assertThat(header.type()).isEqualTo("Header");
    assertThat(header.fields()).containsExactly("1", "3", "480");
    assertThat(of(events, 1, "Title_t"))
        .extracting(Midicsv.Event::text)
        .containsExactly("Tuesday group");
    assertThat(of(events, 2, "Title_t")).extracting(Midicsv.Event::text).containsExactly("Robin");
    assertThat(of(events, 3, "Title_t")).extracting(Midicsv.Event::text).containsExactly("Sam");
    assertThat(of(events, 2, "Program_c"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
        .containsExactly(tuple(0L, 0, 12), tuple(34L * PPQ, 0, 25));
    assertThat(of(events, 3, "Program_c"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
        .containsExactly(tuple(0L, 9, 0));
  }

  @Test
  void everyNoteIsAtTheTickOfItsBeatOnItsMembersChannel() throws Exception {
    List<Midicsv.Event> events = exported();

    for (int track = 2; track <= 3; track++) {
      String member = "p" + (track - 1);
      int channel = track == 2 ? 0 : 9;
      List<RecordedSession.Onset> played =
          session.onsets().stream().filter(o -> o.participantId().equals(member)).toList();
      List<Midicsv.Event> ons =
          of(events, track, "Note_on_c").stream().filter(e -> e.number(2) > 0).toList();
      assertThat(ons).hasSameSizeAs(played);
      for (int i = 0; i < played.size(); i++) {
        RecordedSession.Onset o = played.get(i);
        assertThat(ons.get(i))
            .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
            .as("onset %d of %s, beat %s", i, member, o.beat())
            .containsExactly(expectedTick(o.beat(), o.wallMicros()), channel, o.pitch());
      }
    }
    assertThat(of(events, 2, "Note_on_c").get(0).number(2)).as("velocity 0.6").isEqualTo(76);
  }

  @Test
  void theTempoEventsPutEveryNoteAtTheTimeItWasPlayed() throws Exception {
    List<Midicsv.Event> events = exported();
    TreeMap<Long, Long> tempo = new TreeMap<>();
    for (Midicsv.Event e : of(events, 1, "Tempo")) {
      tempo.put(e.tick(), Long.parseLong(e.field(0)));
    }

    List<RecordedSession.Onset> played = new ArrayList<>(session.onsets());
    List<Midicsv.Event> ons = new ArrayList<>(of(events, 2, "Note_on_c"));
    ons.addAll(of(events, 3, "Note_on_c"));
    played.sort((a, b) -> a.participantId().compareTo(b.participantId()));
    for (int i = 0; i < played.size(); i++) {
      long micros = Math.round(microsAt(tempo, ons.get(i).tick()));
      long tickMicros = tempo.floorEntry(ons.get(i).tick()).getValue() / PPQ;
      assertThat(micros)
          .as("onset %d at tick %d", i, ons.get(i).tick())
          .isCloseTo(
              played.get(i).wallMicros() - session.startWall(),
              org.assertj.core.api.Assertions.within(tickMicros + 1_000));
    }
  }

  /** Time since the start at {@code tick}, by the file's tempo events. */
  private static double microsAt(TreeMap<Long, Long> tempo, long tick) {
    double micros = 0;
    long at = 0;
    long perQuarter = 500_000;
    for (Map.Entry<Long, Long> e : tempo.headMap(tick, true).entrySet()) {
      micros += (e.getKey() - at) * (double) perQuarter / PPQ;
      at = e.getKey();
      perQuarter = e.getValue();
    }
    return micros + (tick - at) * (double) perQuarter / PPQ;
  }

  @Test
  void steadyTempiAreOneEventARampIsManyAndAFermataLastsAsLongAsItHeld() throws Exception {
    List<Midicsv.Event> events = exported();
    TreeMap<Long, Long> tempo = new TreeMap<>();
    for (Midicsv.Event e : of(events, 1, "Tempo")) {
      tempo.put(e.tick(), Long.parseLong(e.field(0)));
    }

    assertThat(tempo.get(0L)).as("100 BPM").isEqualTo(600_000);
    assertThat(tempo.get(8L * PPQ)).as("120 BPM").isEqualTo(500_000);
    Map<Long, Long> ramp = tempo.subMap(20L * PPQ, 28L * PPQ);
    assertThat(ramp).as("a tempo event every sixteenth of a beat").hasSize(8 * 16);
    assertThat(new ArrayList<>(ramp.values())).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(ramp.values()).allSatisfy(v -> assertThat(v).isBetween(375_000L, 500_000L));
    assertThat(tempo.get(28L * PPQ)).as("160 BPM").isEqualTo(375_000);
    assertThat(tempo.get(44L * PPQ))
        .as("the fermata: 3.2 s over 9 beats")
        .isEqualTo(Math.round(3_200_000.0 / FERMATA_BEATS));
    assertThat(tempo.get((44L + FERMATA_BEATS) * PPQ)).as("released at 160").isEqualTo(375_000);
    assertThat(tempo.get((71L + FERMATA_BEATS) * PPQ))
        .as("90 eighths a minute in 6/8")
        .isEqualTo(1_333_333);
    assertThat(of(events, 1, "Cue_point_t"))
        .extracting(Midicsv.Event::tick, Midicsv.Event::text)
        .containsExactly(tuple(44L * PPQ, "Fermata (3.2 s)"));
  }

  @Test
  void metersKeysAndSectionsAreWhereTheirChangesTookEffect() throws Exception {
    List<Midicsv.Event> events = exported();
    long sectionC = (71L + FERMATA_BEATS) * PPQ;

    assertThat(of(events, 1, "Time_signature"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
        .containsExactly(tuple(0L, 4, 2), tuple(8L * PPQ, 3, 2), tuple(sectionC, 6, 3));
    assertThat(of(events, 1, "Key_signature"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.field(1))
        .containsExactly(
            tuple(0L, 0, "\"major\""),
            tuple(8L * PPQ, 0, "\"major\""),
            tuple(32L * PPQ, 1, "\"minor\""),
            tuple(sectionC, -2, "\"major\""));
    assertThat(of(events, 1, "Marker_t"))
        .extracting(Midicsv.Event::tick, Midicsv.Event::text)
        .containsExactly(tuple(0L, "A"), tuple(8L * PPQ, "B"), tuple(sectionC, "C"));
    assertThat(of(events, 1, "Text_t"))
        .extracting(Midicsv.Event::text)
        .contains("Key: C major", "Key: D dorian", "Key: E natural minor", "Key: Bb major");
  }

  @Test
  void theChordOfEveryBarIsATextEventUntilTheEnd() throws Exception {
    List<Midicsv.Event> events = exported();
    List<Midicsv.Event> chords =
        of(events, 1, "Text_t").stream().filter(e -> !e.text().startsWith("Key: ")).toList();
    long sectionC = (71L + FERMATA_BEATS) * PPQ;

    assertThat(chords.subList(0, 5))
        .extracting(Midicsv.Event::tick, Midicsv.Event::text)
        .containsExactly(
            tuple(32L * PPQ, "i Em"),
            tuple(35L * PPQ, "iv Am"),
            tuple(38L * PPQ, "V B"),
            tuple(41L * PPQ, "i Em"),
            tuple(44L * PPQ, "i Em"));
    assertThat(chords)
        .filteredOn(e -> e.tick() >= sectionC)
        .extracting(Midicsv.Event::tick, Midicsv.Event::text)
        .containsExactly(
            tuple(sectionC, "I Bb"),
            tuple(sectionC + 6 * PPQ / 2, "V F"),
            tuple(sectionC + 12 * PPQ / 2, "I Bb"));
    // Bars of 3/4 from beat 32 to beat 71, one of them standing through the fermata.
    assertThat(chords).filteredOn(e -> e.tick() < sectionC).hasSize(13);
  }

  @Test
  void aNoteHeldWhenTheServerStoppedEndsAtItsLastRecord() throws Exception {
    List<Midicsv.Event> events = exported();

    assertThat(of(events, 2, "Note_off_c"))
        .filteredOn(e -> e.number(1) == 79)
        .extracting(Midicsv.Event::tick)
        .containsExactly(Math.round(PPQ * (55.5 + FERMATA_BEATS)));
  }

  @Test
  void aNoteStillHeldAtTheEndEndsThere() throws Exception {
    List<Midicsv.Event> events = exported();
    long end = expectedTick(84, Long.MAX_VALUE);

    assertThat(of(events, 2, "Note_off_c"))
        .last()
        .extracting(Midicsv.Event::tick, e -> e.number(1))
        .containsExactly(end, 77);
    assertThat(of(events, 1, "Text_t")).allSatisfy(e -> assertThat(e.tick()).isLessThan(end));
  }

  @Test
  void aTornTailExportsWhatCameBeforeIt() throws Exception {
    byte[] whole = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(whole, whole.length - 3));

    JournalContents contents = JournalReader.read(journal);
    SessionScore score = SessionScoreReader.read(contents);

    assertThat(score.damage()).hasValueSatisfying(d -> assertThat(d).contains("torn"));
    assertThat(SessionMidiExport.sequence(score).notes()).isEqualTo(session.onsets().size());
  }

  @Test
  void aJournalWithoutItsGroupIsRefusedAndNothingIsWritten() throws Exception {
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    Path midi = dir.resolve("none.mid");

    assertThatThrownBy(() -> SessionMidiExport.write(SessionScoreReader.read(empty), midi))
        .isInstanceOf(SessionExportException.class)
        .hasMessageContaining("no record");
    assertThat(midi).doesNotExist();
  }
}
