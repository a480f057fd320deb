package org.attune.server.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.attune.protocol.v1.ClockAnchor;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.GroupEnded;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MemberJoined;
import org.attune.protocol.v1.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions of a real data directory on disk: listed from their journals (a torn tail and an
 * unreadable journal listed, never thrown), and deleted to the last file, or refused.
 */
class SessionCatalogTest {

  /** 2025-12-01 12:00 UTC in µs: the writing server's time 0. */
  private static final long ANCHOR = 1_764_590_400_000_000L;

  @TempDir Path root;

  private DataDirectory data() {
    return new DataDirectory(root);
  }

  /**
   * Writes a session's journal as a server would: anchor, creation at server time 1 s, {@code
   * members} joins (one of them resumed again), {@code gestures} gestures 10 ms apart, and the end
   * if {@code ended}.
   */
  private Path session(String id, String name, int members, int gestures, boolean ended)
      throws IOException {
    List<JournalRecord> records = new ArrayList<>();
    records.add(
        JournalRecord.newBuilder()
            .setServerMicros(1_000_000)
            .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(ANCHOR))
            .build());
    records.add(
        JournalRecord.newBuilder()
            .setServerMicros(1_000_000)
            .setGroupCreated(
                GroupCreated.newBuilder()
                    .setGroupId(id)
                    .setName(name)
                    .setJoinCodeHash(ByteString.copyFrom(new byte[32]))
                    .setInitialBpm(96)
                    .setCreatedEpochMillis(ANCHOR / 1000 + 1000))
            .build());
    for (int m = 0; m <= members; m++) {
      int who = Math.min(m, members - 1);
      records.add(
          JournalRecord.newBuilder()
              .setServerMicros(1_000_000 + m)
              .setMemberJoined(
                  MemberJoined.newBuilder()
                      .setResumed(m == members)
                      .setMember(
                          Member.newBuilder()
                              .setParticipantId("p" + who)
                              .setName("Player " + who)
                              .setInstrument("marimba")
                              .setRole(Role.PARTICIPANT)))
              .build());
    }
    for (int i = 0; i < gestures; i++) {
      records.add(
          JournalRecords.gesture(i).toBuilder().setServerMicros(2_000_000 + 10_000L * i).build());
    }
    if (ended) {
      records.add(
          JournalRecord.newBuilder()
              .setServerMicros(3_000_000 + 10_000L * gestures)
              .setGroupEnded(GroupEnded.newBuilder().setReason("facilitator"))
              .build());
    }
    Path journal = data().journal(id);
    Files.createDirectories(journal.getParent());
    for (JournalRecord r : records) {
      Files.write(
          journal,
          JournalFrames.encode(r).array(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    return journal;
  }

  @Test
  void listsEverySessionWithItsNameTimesMembersGesturesAndSize() throws IOException {
    Path ended = session("g1", "Tuesday group", 3, 120, true);
    session("g2", "Telehealth", 2, 5, false);

    List<SessionSummary> sessions = new SessionCatalog(data()).list();

    assertThat(sessions).extracting(SessionSummary::groupId).containsExactly("g1", "g2");
    SessionSummary first = sessions.get(0);
    assertThat(first.name()).isEqualTo("Tuesday group");
    assertThat(first.created()).contains(Instant.parse("2025-12-01T12:00:01Z"));
    assertThat(first.lastRecord())
        .as("the end, 4.2 s after the server's time 0")
        .contains(Instant.parse("2025-12-01T12:00:04.200Z"));
    assertThat(first.ended()).contains("facilitator");
    assertThat(first.members()).as("a resume is not another member").isEqualTo(3);
    assertThat(first.gestures()).isEqualTo(120);
    assertThat(first.journalBytes()).isEqualTo(Files.size(ended));
    assertThat(first.damage()).isEmpty();
    assertThat(first.unreadable()).isEmpty();
    assertThat(sessions.get(1).hasEnded()).isFalse();
    assertThat(sessions.get(1).gestures()).isEqualTo(5);
  }

  @Test
  void aTornTailIsListedWithItsDamageAndTheValidRecordsCounted() throws IOException {
    Path journal = session("g1", "Tuesday group", 2, 40, false);
    byte[] whole = Files.readAllBytes(journal);
    Files.write(journal, java.util.Arrays.copyOf(whole, whole.length - 5));

    SessionSummary s = new SessionCatalog(data()).list().get(0);

    assertThat(s.damage()).hasValueSatisfying(d -> assertThat(d).contains("torn record"));
    assertThat(s.gestures()).isEqualTo(39);
    assertThat(s.journalBytes()).isEqualTo(whole.length - 5);
    assertThat(s.unreadable()).isEmpty();
  }

  @Test
  void garbageAndAMissingJournalAreListedAsUnreadable() throws IOException {
    Path garbage = data().journal("g-garbage");
    Files.createDirectories(garbage.getParent());
    Files.write(garbage, "this is not a journal at all".getBytes());
    Files.createDirectories(data().session("g-empty"));

    List<SessionSummary> sessions = new SessionCatalog(data()).list();

    assertThat(sessions)
        .extracting(SessionSummary::groupId)
        .containsExactly("g-empty", "g-garbage");
    assertThat(sessions.get(0).unreadable()).contains("the session has no journal file");
    assertThat(sessions.get(1).unreadable()).contains("the journal holds no valid record");
    assertThat(sessions.get(1).damage()).isPresent();
  }

  @Test
  void anEmptyDataDirectoryHasNoSessions() throws IOException {
    assertThat(new SessionCatalog(new DataDirectory(root.resolve("none"))).list()).isEmpty();
  }

  @Test
  void deleteRemovesEveryFileOfTheSessionAndNothingElse()
      throws IOException, SessionCatalogException {
    session("g1", "Tuesday group", 2, 10, true);
    Path other = session("g2", "Telehealth", 2, 10, true);
    Path recordings = Files.createDirectories(data().session("g1").resolve("recordings"));
    Files.write(recordings.resolve("mix.wav"), new byte[4096]);
    Files.write(data().session("g1").resolve("export.mid"), new byte[64]);

    new SessionCatalog(data()).delete("g1", false);

    assertThat(data().session("g1")).doesNotExist();
    try (Stream<Path> left = Files.walk(root)) {
      assertThat(left.filter(p -> p.toString().contains("g1"))).isEmpty();
    }
    assertThat(other).exists();
  }

  @Test
  void aSessionThatHasNotEndedIsKeptUnlessForced() throws IOException, SessionCatalogException {
    Path journal = session("g1", "Tuesday group", 2, 10, false);
    byte[] before = Files.readAllBytes(journal);
    SessionCatalog catalog = new SessionCatalog(data());

    assertThatThrownBy(() -> catalog.delete("g1", false))
        .isInstanceOf(SessionCatalogException.class)
        .hasMessageContaining("has not ended")
        .hasMessageContaining("--force");
    assertThat(Files.readAllBytes(journal)).isEqualTo(before);

    catalog.delete("g1", true);
    assertThat(data().session("g1")).doesNotExist();
  }

  @Test
  void anUnknownOrMalformedIdIsRefusedWithHowToSeeTheIds() throws IOException {
    session("g1", "Tuesday group", 1, 1, true);
    SessionCatalog catalog = new SessionCatalog(data());

    for (String id : List.of("g9", "..", "../sessions", "g1/journal", "")) {
      assertThatThrownBy(() -> catalog.delete(id, true))
          .as(id)
          .isInstanceOf(SessionCatalogException.class)
          .hasMessageContaining("attune sessions list");
    }
    assertThat(data().journal("g1")).exists();
  }
}
