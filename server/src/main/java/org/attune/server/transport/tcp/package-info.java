/**
 * Protobuf over TCP: varint32-framed {@code ClientMessage} in, {@code ServerMessage} out, into the
 * shared {@code MemberConnectionHandler} of {@code org.attune.server.transport}. A connection moves
 * onto its group's event loop when it joins ({@code ChannelMove}), so that a gesture is read,
 * relayed and written on one thread, and what a loop iteration writes to a member is flushed once
 * at its end ({@code IterationFlush}).
 */
package org.attune.server.transport.tcp;
