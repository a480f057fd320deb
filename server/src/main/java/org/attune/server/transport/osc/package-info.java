/**
 * The OSC gateway: tablets (TouchOSC, Open Stage Control) and music software (Pure Data, Max,
 * SuperCollider) join groups, play and steer them over OSC, on UDP or TCP.
 *
 * <p>JavaOSC is the codec only ({@link org.attune.server.transport.osc.OscCodec}); the datagram and
 * stream pipelines are Netty's. {@link org.attune.server.transport.osc.OscRequests} reads the
 * address space documented in README.md into requests, {@link
 * org.attune.server.transport.osc.OscGateway} hands them to the member's group, and {@link
 * org.attune.server.transport.osc.OscMemberLink} turns what the group sends into OSC, with a beat
 * message at every beat and structure changes announced in bundles time-tagged with the moment they
 * take effect. What goes out is made of OSC 1.0's core types only, the ones Pure Data's {@code
 * [oscparse]} and Max read (docs/osc-pd-max.md); a sender may ask for int64 server times at join.
 */
package org.attune.server.transport.osc;
