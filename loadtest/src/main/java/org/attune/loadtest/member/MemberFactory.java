package org.attune.loadtest.member;

/**
 * Makes the simulated members of a run: TCP members now; OSC and WebSocket members once those
 * transports exist, or a mix.
 *
 * <p>Thread-safe: called by the run's coordinator thread only.
 */
@FunctionalInterface
public interface MemberFactory {

  /** Members over the protobuf TCP transport. */
  MemberFactory TCP = TcpMember::new;

  /**
   * Every {@code every}-th participant of a group on the OSC gateway (UDP), the others and the
   * facilitator over TCP.
   */
  static MemberFactory mixedOsc(int every) {
    return (spec, env) -> spec.role() == org.attune.protocol.v1.Role.PARTICIPANT
            && spec.index() % every == 0
        ? new OscMember(spec, env)
        : new TcpMember(spec, env);
  }

  SimulatedMember create(MemberSpec spec, MemberEnvironment env);
}
