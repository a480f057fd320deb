package org.attune.loadtest.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkMidiTest {

  @TempDir Path dir;

  /** What javax.sound.midi reads back of one member's track. */
  private record MemberTrack(
      Set<Integer> channels, List<Integer> programs, int noteOns, Set<Integer> keys) {}

  private List<MemberTrack> readBack(Path file) throws Exception {
    Sequence sequence = MidiSystem.getSequence(file.toFile());
    assertThat(sequence.getResolution()).isEqualTo(480);
    List<MemberTrack> members = new ArrayList<>();
    Track[] tracks = sequence.getTracks();
    for (int t = 1; t < tracks.length; t++) {
      Set<Integer> channels = new HashSet<>();
      List<Integer> programs = new ArrayList<>();
      Set<Integer> keys = new HashSet<>();
      int ons = 0;
      for (int i = 0; i < tracks[t].size(); i++) {
        if (tracks[t].get(i).getMessage() instanceof ShortMessage m) {
          channels.add(m.getChannel());
          if (m.getCommand() == ShortMessage.PROGRAM_CHANGE) {
            programs.add(m.getData1());
          } else if (m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
            ons++;
            keys.add(m.getData1());
          }
        }
      }
      members.add(new MemberTrack(channels, programs, ons, keys));
    }
    return members;
  }

  @Test
  void sixteenMemberGroupPlaysTenNotesASecondForAMinuteWithDrumsOnChannelTen() throws Exception {
    Path file = dir.resolve("g16.mid");
    BenchmarkMidi.write(GroupScore.generate(16, 10, 60, 7), file);

    List<MemberTrack> members = readBack(file);
    assertThat(members).hasSize(16);
    Set<Integer> melodicChannels = new HashSet<>();
    Set<Integer> melodicPrograms = new HashSet<>();
    Set<Integer> drumKeys = new HashSet<>();
    for (int m = 0; m < 16; m++) {
      MemberTrack track = members.get(m);
      assertThat(track.noteOns()).as("member %d", m).isBetween(595, 600);
      assertThat(track.channels()).hasSize(1);
      int channel = track.channels().iterator().next();
      if (m % 4 == 3) {
        assertThat(channel).isEqualTo(9);
        for (int key : track.keys()) {
          assertThat(drumKeys.add(key)).as("drum key %d used by two members", key).isTrue();
        }
      } else {
        assertThat(channel).isNotEqualTo(9);
        assertThat(melodicChannels.add(channel)).isTrue();
        assertThat(track.programs()).hasSize(1);
        assertThat(melodicPrograms.add(track.programs().get(0))).isTrue();
        assertThat(track.keys()).allSatisfy(k -> assertThat(k % 12).isIn(0, 2, 4, 7, 9));
      }
    }
    assertThat(melodicChannels).hasSize(12);
    assertThat(melodicPrograms).hasSize(12);
    long micros = MidiSystem.getSequence(file.toFile()).getMicrosecondLength();
    assertThat(micros).isBetween(60_000_000L, 60_700_000L);
  }

  @Test
  void eightMemberGroupPlaysFourNotesASecondWithTwoDrumMembers() throws Exception {
    Path file = dir.resolve("g8.mid");
    BenchmarkMidi.write(GroupScore.generate(8, 4, 60, 7), file);

    List<MemberTrack> members = readBack(file);
    assertThat(members).hasSize(8);
    int onDrumChannel = 0;
    for (MemberTrack track : members) {
      assertThat(track.noteOns()).isBetween(238, 240);
      if (track.channels().contains(9)) {
        onDrumChannel++;
      }
    }
    assertThat(onDrumChannel).isEqualTo(2);
    long micros = MidiSystem.getSequence(file.toFile()).getMicrosecondLength();
    assertThat(micros).isBetween(60_000_000L, 60_700_000L);
  }

  @Test
  void noChannelRestartsAKeyItStillHoldsAndNotesLastAtMostSixHundredMillis() throws Exception {
    Path file = dir.resolve("g16.mid");
    BenchmarkMidi.write(GroupScore.generate(16, 10, 60, 11), file);

    Sequence sequence = MidiSystem.getSequence(file.toFile());
    List<MidiEvent> all = new ArrayList<>();
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        all.add(track.get(i));
      }
    }
    all.sort((a, b) -> Long.compare(a.getTick(), b.getTick()));
    Map<Integer, Long> heldSince = new HashMap<>();
    int restarts = 0;
    long longestTicks = 0;
    for (MidiEvent e : all) {
      if (!(e.getMessage() instanceof ShortMessage m)) {
        continue;
      }
      int id = m.getChannel() * 128 + m.getData1();
      if (m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
        if (heldSince.put(id, e.getTick()) != null) {
          restarts++;
        }
      } else if (m.getCommand() == ShortMessage.NOTE_OFF) {
        Long since = heldSince.remove(id);
        if (since != null) {
          longestTicks = Math.max(longestTicks, e.getTick() - since);
        }
      }
    }
    assertThat(restarts).isZero();
    assertThat(heldSince).isEmpty();
    assertThat(longestTicks).isLessThanOrEqualTo(600).isGreaterThan(400);
  }

  @Test
  void theSameSeedWritesTheSameFile() throws Exception {
    Path a = dir.resolve("a.mid");
    Path b = dir.resolve("b.mid");
    Path c = dir.resolve("c.mid");
    BenchmarkMidi.write(GroupScore.generate(8, 4, 10, 3), a);
    BenchmarkMidi.write(GroupScore.generate(8, 4, 10, 3), b);
    BenchmarkMidi.write(GroupScore.generate(8, 4, 10, 4), c);

    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
  }
}
