package org.attune.server.group;

import org.attune.protocol.v1.Role;

/**
 * One member of a group: identity, role, and the link it is reached by (none while its connection
 * is down and it may still resume).
 *
 * <p>Thread-safe: no; owned by the group's event loop.
 */
public final class Member {

  private final String id;
  private final String name;
  private final String instrument;
  private final Role role;

  /** The hash of its session token ({@link SecretHashes#sessionTokenKey}); never the token. */
  private final String sessionKey;

  private MemberLink link;

  /** The transport of its link, or of its last one; "" if it never had one on this server. */
  private String transport = "";

  private long disconnectedAtMicros;
  private long rttMicros;
  private boolean needsSnapshot;
  private boolean watchesMix;
  private MemberStats stats;
  private final GestureBudget gestureBudget = new GestureBudget();

  Member(String id, String name, String instrument, Role role, String sessionKey, MemberLink link) {
    this.id = id;
    this.name = name;
    this.instrument = instrument;
    this.role = role;
    this.sessionKey = sessionKey;
    this.link = link;
    if (link != null) {
      this.transport = link.transport();
    }
  }

  public String id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String instrument() {
    return instrument;
  }

  public Role role() {
    return role;
  }

  String sessionKey() {
    return sessionKey;
  }

  MemberLink link() {
    return link;
  }

  boolean isConnected() {
    return link != null;
  }

  void attach(MemberLink link) {
    this.link = link;
    this.transport = link.transport();
    this.needsSnapshot = false;
  }

  void detach(long nowMicros) {
    this.link = null;
    this.disconnectedAtMicros = nowMicros;
    this.rttMicros = 0;
  }

  long disconnectedAtMicros() {
    return disconnectedAtMicros;
  }

  long rttMicros() {
    return rttMicros;
  }

  void rttMicros(long rttMicros) {
    this.rttMicros = rttMicros;
  }

  boolean needsSnapshot() {
    return needsSnapshot;
  }

  void needsSnapshot(boolean needsSnapshot) {
    this.needsSnapshot = needsSnapshot;
  }

  /** True if it asked for the group's mix whatever its role (to render the group itself). */
  boolean watchesMix() {
    return watchesMix;
  }

  void watchesMix(boolean watches) {
    this.watchesMix = watches;
  }

  /** True if it is sent every MixerState: a facilitator, or a member who asked. */
  boolean hearsMix() {
    return role == Role.FACILITATOR || watchesMix;
  }

  /** How many gestures it may still send; kept across a resume. */
  GestureBudget gestureBudget() {
    return gestureBudget;
  }

  /** The counts of the transport it is (or was last) connected over. */
  MemberStats stats() {
    return stats;
  }

  void stats(MemberStats stats) {
    this.stats = stats;
  }

  org.attune.protocol.v1.Member toProto() {
    return org.attune.protocol.v1.Member.newBuilder()
        .setParticipantId(id)
        .setName(name)
        .setInstrument(instrument)
        .setRole(role)
        .setConnected(isConnected())
        .setTransport(transport)
        .build();
  }
}
