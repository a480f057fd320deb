package org.attune.server.group;

import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StructureChange;

/**
 * A group as its journal left it, read back to bring it back on a restarted server. Times are on
 * the wall clock's timeline (µs since the Unix epoch), so that the runs of a journal line up; the
 * group that restores it puts them on its own server clock.
 *
 * @param identity who the group is; secrets as hashes only
 * @param tempoMap its tempo map, on the wall timeline
 * @param changes every structure change, in order, times on the wall timeline: those in effect by
 *     now shape the form, the others are still pending
 * @param lastSequence the sequence of its last structure change
 * @param members its members (none of them connected)
 * @param lastMemberNumber the highest member number given (ids are {@code m<number>})
 * @param mixerCommands the accepted mixer commands, in order
 * @param lastActivityEpochMicros the time of its journal's last record
 */
public record SavedGroup(
    GroupIdentity identity,
    TempoMap tempoMap,
    List<StructureChange> changes,
    long lastSequence,
    List<SavedMember> members,
    int lastMemberNumber,
    List<MixerCommand> mixerCommands,
    long lastActivityEpochMicros) {

  public SavedGroup {
    changes = List.copyOf(changes);
    members = List.copyOf(members);
    mixerCommands = List.copyOf(mixerCommands);
  }

  /**
   * A member of a saved group.
   *
   * @param sessionKey the hash of its session token ({@link SecretHashes#sessionTokenKey})
   */
  public record SavedMember(
      String id, String name, String instrument, Role role, String sessionKey) {}
}
