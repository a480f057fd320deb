package org.attune.server.group;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import org.attune.protocol.v1.ClockAnchor;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.GroupEnded;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.MemberJoined;
import org.attune.protocol.v1.MemberLeft;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.StructureChange;

/** The journal records a group writes, each stamped with its server time. Thread-safe. */
final class GroupRecords {

  private GroupRecords() {}

  static JournalRecord created(long micros, GroupIdentity identity, double initialBpm) {
    return record(micros)
        .setGroupCreated(
            GroupCreated.newBuilder()
                .setGroupId(identity.id())
                .setName(identity.name())
                .setJoinCodeHash(
                    ByteString.copyFrom(HexFormat.of().parseHex(identity.joinCodeKey())))
                .setFacilitatorKeyHash(ByteString.copyFrom(identity.facilitatorKeyHash()))
                .setSalt(ByteString.copyFrom(identity.facilitatorSalt()))
                .setCreatedEpochMillis(identity.createdEpochMillis())
                .setInitialBpm(initialBpm))
        .build();
  }

  static JournalRecord anchor(long micros, long epochMicrosAtZero) {
    return record(micros)
        .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(epochMicrosAtZero))
        .build();
  }

  static JournalRecord joined(long micros, Member member, boolean resumed) {
    MemberJoined.Builder joined =
        MemberJoined.newBuilder()
            .setMember(member.toProto().toBuilder().clearConnected().clearTransport())
            .setResumed(resumed);
    if (!resumed) {
      joined.setSessionTokenHash(ByteString.copyFrom(HexFormat.of().parseHex(member.sessionKey())));
    }
    return record(micros).setMemberJoined(joined).build();
  }

  static JournalRecord left(long micros, String memberId) {
    return record(micros).setMemberLeft(MemberLeft.newBuilder().setParticipantId(memberId)).build();
  }

  static JournalRecord gesture(GestureEvent event) {
    return record(event.getServerReceiveMicros()).setGesture(event).build();
  }

  static JournalRecord change(long micros, StructureChange change) {
    return record(micros).setStructureChange(change).build();
  }

  static JournalRecord mixer(long micros, MixerCommand command) {
    return record(micros).setMixer(command).build();
  }

  static JournalRecord recording(long micros, RecordingState state) {
    return record(micros).setRecording(state).build();
  }

  static JournalRecord ended(long micros, String reason) {
    return record(micros).setGroupEnded(GroupEnded.newBuilder().setReason(reason)).build();
  }

  private static JournalRecord.Builder record(long micros) {
    return JournalRecord.newBuilder().setServerMicros(micros);
  }
}
