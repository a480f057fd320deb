package org.attune.server.journal.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import org.attune.protocol.v1.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members' tracks as the mixer sounded them, read back by midicsv: an instrument change to the drum
 * kit moves the member to channel 10 and ends its held notes, a hit is a short note, leaving ends
 * what the member held, and more members than MIDI has channels share them, said so.
 */
class MemberTracksTest {

  private static final long ANCHOR = 1_764_590_400_000_000L;
  private static final int PPQ = SessionMidiExport.PPQ;

  @TempDir Path dir;

  private static List<Midicsv.Event> of(List<Midicsv.Event> events, int track, String type) {
    return events.stream().filter(e -> e.track() == track && e.type().equals(type)).toList();
  }

  @Test
  void aMemberMovedToTheKitPlaysOnChannelTenAndLeavingEndsItsNotes() throws Exception {
    Midicsv.requireInstalled();
    Path journal = dir.resolve("journal");
    RecordedSession s = new RecordedSession(journal, "g1", "Duo", ANCHOR, 1_000_000, 120);
    s.join("p1", "Kai", "guitar", Role.PARTICIPANT, false);
    s.noteOn("p1", s.timeAt(1), 52, 0.5f);
    s.instrument("p1", "drums", 2);
    s.hit("p1", 3, 38);
    s.instrument("p1", "13", 4);
    s.noteOn("p1", s.timeAt(5), 64, 0.5f);
    s.advanceTo(s.timeAt(6));
    s.leave("p1");
    s.end(8);
    Path midi = dir.resolve("duo.mid");

    SessionMidiExport.write(SessionScoreReader.read(journal), midi);
    List<Midicsv.Event> events = Midicsv.read(midi);

    assertThat(of(events, 2, "Program_c"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
        .containsExactly(tuple(0L, 0, 25), tuple(2L * PPQ, 9, 0), tuple(4L * PPQ, 0, 12));
    assertThat(of(events, 2, "Note_on_c"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
        .containsExactly(tuple((long) PPQ, 0, 52), tuple(3L * PPQ, 9, 38), tuple(5L * PPQ, 0, 64));
    assertThat(of(events, 2, "Note_off_c"))
        .extracting(Midicsv.Event::tick, e -> e.number(0), e -> e.number(1))
        .as("the kit's change ends the held note, a hit is short, leaving ends the last")
        .containsExactly(
            tuple(2L * PPQ, 0, 52),
            tuple(3L * PPQ + PartTrack.HIT_TICKS, 9, 38),
            tuple(6L * PPQ, 0, 64));
  }

  @Test
  void membersBeyondFifteenMelodicChannelsShareOneAndTheExportSaysSo() throws Exception {
    Midicsv.requireInstalled();
    Path journal = dir.resolve("journal");
    RecordedSession s = new RecordedSession(journal, "g2", "Big group", ANCHOR, 1_000_000, 90);
    for (int m = 1; m <= 17; m++) {
      s.join("p" + m, "Player " + m, "marimba", Role.PARTICIPANT, false);
    }
    s.join("p18", "Drummer", "drums", Role.PARTICIPANT, false);
    for (int m = 1; m <= 18; m++) {
      s.note("p" + m, m, 40 + m, 0.5f, 0.5);
    }
    s.end(20);
    Path midi = dir.resolve("big.mid");

    SessionMidiExport.Result result =
        SessionMidiExport.write(SessionScoreReader.read(journal), midi);
    List<Midicsv.Event> events = Midicsv.read(midi);

    assertThat(result.tracks()).isEqualTo(19);
    List<Integer> channels = new java.util.ArrayList<>();
    for (int track = 2; track <= 19; track++) {
      channels.add(of(events, track, "Note_on_c").get(0).number(0));
    }
    assertThat(channels)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 0, 1, 9);
    assertThat(result.warnings())
        .hasSize(2)
        .allSatisfy(w -> assertThat(w).contains("more than 15 members"));
    assertThat(result.warnings().get(0)).startsWith("Player 16 shares MIDI channel 1");
  }
}
