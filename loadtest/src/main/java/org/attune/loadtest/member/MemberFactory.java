package org.attune.loadtest.member;

/**
 * Makes the simulated members of a run: TCP, OSC or WebSocket members, or a mix.
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
    return (spec, env) ->
        spec.role() == org.attune.protocol.v1.Role.PARTICIPANT && spec.index() % every == 0
            ? new OscMember(spec, env)
            : new TcpMember(spec, env);
  }

  /**
   * Every {@code oscEvery}-th participant of a group on the OSC gateway and every {@code
   * wsEvery}-th of the others on the WebSocket (0 = none of that kind); the rest and the
   * facilitator over TCP.
   */
  static MemberFactory mixed(int oscEvery, int wsEvery) {
    return (spec, env) -> {
      boolean participant = spec.role() == org.attune.protocol.v1.Role.PARTICIPANT;
      if (participant && oscEvery > 0 && spec.index() % oscEvery == 0) {
        return new OscMember(spec, env);
      }
      if (participant && wsEvery > 0 && spec.index() % wsEvery == 0) {
        return new TcpMember(spec, env, StreamFraming.WEBSOCKET);
      }
      return new TcpMember(spec, env);
    };
  }

  SimulatedMember create(MemberSpec spec, MemberEnvironment env);
}
