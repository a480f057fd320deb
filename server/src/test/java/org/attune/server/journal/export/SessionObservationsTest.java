package org.attune.server.journal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.attune.protocol.v1.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the therapist observes, computed from a journal whose onsets are known: a member 15 ms late
 * on every beat, one 20 ms early on every other beat who leaves halfway, one at a tempo of their
 * own (110 bpm in a 120 bpm group), and one who joins and plays nothing. Asynchrony within 1 ms,
 * tempo within 0.5 bpm, and the counts exactly; the report page names them all.
 */
class SessionObservationsTest {

  private static final long ANCHOR = 1_780_000_000_000_000L;
  private static final int BARS = 16;

  @TempDir Path dir;

  @Test
  void theFiguresAreThoseOfTheOnsetsTheJournalHolds() throws Exception {
    Path journal = dir.resolve("g1.journal");
    RecordedSession s =
        new RecordedSession(journal, "g1", "Thursday group", ANCHOR, 2_000_000, 120);
    s.join("m1", "Late", "marimba", Role.PARTICIPANT, false);
    s.join("m2", "Early", "piano", Role.PARTICIPANT, false);
    s.join("m3", "Own", "guitar", Role.PARTICIPANT, false);
    s.join("m4", "Quiet", "flute", Role.PARTICIPANT, false);
    long beatMicros = 500_000;
    long ownMicros = Math.round(60e6 / 110);
    for (int beat = 0; beat < BARS * 4; beat++) {
      s.noteOn("m1", s.timeAt(beat) + 15_000, 60 + beat % 5, 0.5f);
      s.noteOff("m1", s.timeAt(beat) + 200_000, 60 + beat % 5);
      if (beat % 2 == 0 && beat < BARS * 2) {
        float velocity = beat % 4 == 0 ? 40 / 127f : 100 / 127f;
        s.noteOn("m2", s.timeAt(beat) - 20_000, 72, velocity);
        s.noteOff("m2", s.timeAt(beat) + 100_000, 72);
      }
      if (beat == BARS * 2) {
        s.leave("m2");
      }
      long own = s.timeAt(0) + beat * ownMicros;
      if (own < s.timeAt(BARS * 4 - 1)) {
        s.noteOn("m3", own, 55, 0.6f);
        s.noteOff("m3", own + 100_000, 55);
      }
    }
    assertThat(beatMicros).isEqualTo(s.timeAt(1) - s.timeAt(0));

    SessionScore score = SessionScoreReader.read(journal);
    Map<String, MemberObservation> by =
        SessionObservations.of(score).stream()
            .collect(Collectors.toMap(MemberObservation::name, Function.identity()));

    MemberObservation late = by.get("Late");
    assertThat(late.onsets()).isEqualTo(BARS * 4);
    assertThat(late.asynchronyMeanMs()).isCloseTo(15.0, offset(1.0));
    assertThat(late.asynchronySpreadMs()).isCloseTo(0.0, offset(1.0));
    assertThat(late.tempoBpm()).isCloseTo(120.0, offset(0.5));
    assertThat(late.tempoSpreadPercent()).isCloseTo(0.0, offset(0.5));
    assertThat(late.eventsPerBar()).isCloseTo(4.0, offset(0.3));
    assertThat(late.lowestPitch()).isEqualTo(60);
    assertThat(late.highestPitch()).isEqualTo(64);

    MemberObservation early = by.get("Early");
    assertThat(early.onsets()).isEqualTo(BARS);
    assertThat(early.asynchronyMeanMs()).isCloseTo(-20.0, offset(1.0));
    assertThat(early.tempoBpm()).isCloseTo(120.0, offset(0.5));
    assertThat(early.velocityMin()).isEqualTo(40);
    assertThat(early.velocityMax()).isEqualTo(100);
    assertThat(early.barsPresent()).as("bars until it left").isBetween(BARS / 2, BARS / 2 + 1);
    assertThat(early.bars().get(BARS - 1).present()).as("gone by the last bar").isFalse();

    MemberObservation own = by.get("Own");
    assertThat(own.tempoBpm()).as("its own tempo").isCloseTo(110.0, offset(0.5));
    assertThat(own.asynchronySpreadMs())
        .as("drifting against the pulse, its asynchrony spreads")
        .isGreaterThan(50);

    MemberObservation quiet = by.get("Quiet");
    assertThat(quiet.onsets()).isZero();
    assertThat(quiet.barsPresent()).isGreaterThanOrEqualTo(BARS);
    assertThat(quiet.silentBars()).isEqualTo(quiet.barsPresent());
    assertThat(quiet.asynchronyMeanMs()).isNaN();

    String page = SessionReportPage.html(score, List.copyOf(by.values()));
    assertThat(page).contains("Thursday group", "Late", "Early", "Own", "Quiet", "<svg");
    Files.writeString(dir.resolve("report.html"), page);
  }
}
