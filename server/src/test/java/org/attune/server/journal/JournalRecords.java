package org.attune.server.journal;

import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MemberJoined;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StructureChange;

/** Journal records for tests, each different from the next. */
final class JournalRecords {

  private JournalRecords() {}

  static JournalRecord gesture(int i) {
    return JournalRecord.newBuilder()
        .setServerMicros(1_000L * i)
        .setGesture(
            GestureEvent.newBuilder()
                .setParticipantId("m" + (i % 8))
                .setGesture(
                    Gesture.newBuilder()
                        .setNoteOn(NoteOn.newBuilder().setPitch(48 + i % 24))
                        .setVelocity((1 + i % 127) / 127f))
                .setServerReceiveMicros(1_000L * i)
                .setResolvedPitch(48 + i % 24)
                .setBeat(i / 4.0))
        .build();
  }

  static JournalRecord joined(int i) {
    return JournalRecord.newBuilder()
        .setServerMicros(1_000L * i)
        .setMemberJoined(
            MemberJoined.newBuilder()
                .setMember(
                    Member.newBuilder()
                        .setParticipantId("m" + i)
                        .setName("Player " + i)
                        .setInstrument("marimba")
                        .setRole(Role.PARTICIPANT)
                        .setConnected(true)))
        .build();
  }

  static JournalRecord change(int i) {
    return JournalRecord.newBuilder()
        .setServerMicros(1_000L * i)
        .setStructureChange(
            StructureChange.newBuilder()
                .setSequence(i)
                .setEffectiveServerMicros(1_000L * i + 500_000))
        .build();
  }

  /** Record {@code i} of a mixed sequence: mostly gestures, a join and a change now and then. */
  static JournalRecord mixed(int i) {
    return i % 97 == 0 ? joined(i) : i % 31 == 0 ? change(i) : gesture(i);
  }
}
