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

  SimulatedMember create(MemberSpec spec, MemberEnvironment env);
}
