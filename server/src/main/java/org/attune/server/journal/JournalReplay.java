package org.attune.server.journal;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.group.GroupIdentity;
import org.attune.server.group.SavedGroup;

/**
 * Reads a group back from its journal's records: who it is, its tempo map and structure changes,
 * its members and their session keys, and its mixer commands, with every time put on the wall
 * clock's timeline by the {@code clock_anchor} of the run that wrote it.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class JournalReplay {

  private JournalReplay() {}

  /**
   * The group the records leave, or empty if its session ended.
   *
   * @throws IllegalArgumentException if the records do not make a group (no {@code group_created}
   *     first, no clock anchor, a tempo map that does not hold)
   */
  public static Optional<SavedGroup> savedGroup(List<JournalRecord> records) {
    if (records.isEmpty() || !records.get(0).hasGroupCreated()) {
      throw new IllegalArgumentException("it does not begin with the group's creation");
    }
    long anchor =
        records.stream()
            .filter(JournalRecord::hasClockAnchor)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("it has no clock anchor"))
            .getClockAnchor()
            .getEpochMicrosAtZero();
    JournalRecord first = records.get(0);
    GroupCreated created = first.getGroupCreated();
    TempoMap tempoMap = TempoMap.steady(first.getServerMicros() + anchor, created.getInitialBpm());
    List<StructureChange> changes = new ArrayList<>();
    Map<String, SavedGroup.SavedMember> members = new LinkedHashMap<>();
    List<MixerCommand> mixerCommands = new ArrayList<>();
    long lastSequence = 0;
    int lastMemberNumber = 0;
    long lastMicros = first.getServerMicros() + anchor;
    for (JournalRecord record : records) {
      if (record.hasClockAnchor()) {
        // A restart is no activity of the group's: an anchor moves the clock, not the time.
        anchor = record.getClockAnchor().getEpochMicrosAtZero();
        continue;
      }
      lastMicros = record.getServerMicros() + anchor;
      switch (record.getEntryCase()) {
        case GROUP_ENDED -> {
          return Optional.empty();
        }
        case STRUCTURE_CHANGE -> {
          StructureChange change = record.getStructureChange();
          TempoMap map = TempoMap.fromProto(change.getTempoMap()).shiftedBy(anchor);
          tempoMap = map;
          changes.add(
              change.toBuilder()
                  .setEffectiveServerMicros(change.getEffectiveServerMicros() + anchor)
                  .setTempoMap(map.toProto())
                  .build());
          lastSequence = Math.max(lastSequence, change.getSequence());
        }
        case MEMBER_JOINED -> {
          if (!record.getMemberJoined().getResumed()) {
            Member m = record.getMemberJoined().getMember();
            members.put(
                m.getParticipantId(),
                new SavedGroup.SavedMember(
                    m.getParticipantId(),
                    m.getName(),
                    m.getInstrument(),
                    m.getRole(),
                    HexFormat.of()
                        .formatHex(record.getMemberJoined().getSessionTokenHash().toByteArray())));
            lastMemberNumber = Math.max(lastMemberNumber, memberNumber(m.getParticipantId()));
          }
        }
        case MEMBER_LEFT -> members.remove(record.getMemberLeft().getParticipantId());
        case MIXER -> mixerCommands.add(record.getMixer());
        default -> {}
      }
    }
    mixerCommands.removeIf(
        c -> c.hasStrip() && !members.containsKey(c.getStrip().getParticipantId()));
    GroupIdentity identity =
        new GroupIdentity(
            created.getGroupId(),
            created.getName(),
            HexFormat.of().formatHex(created.getJoinCodeHash().toByteArray()),
            created.getSalt().toByteArray(),
            created.getFacilitatorKeyHash().toByteArray(),
            Optional.empty(),
            Optional.empty(),
            created.getCreatedEpochMillis());
    return Optional.of(
        new SavedGroup(
            identity,
            tempoMap,
            changes,
            lastSequence,
            List.copyOf(members.values()),
            lastMemberNumber,
            mixerCommands,
            lastMicros));
  }

  private static int memberNumber(String participantId) {
    try {
      return Integer.parseInt(participantId.substring(1));
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
