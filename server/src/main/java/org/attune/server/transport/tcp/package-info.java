/** Protobuf over TCP: varint32-framed {@code ClientMessage} in, {@code ServerMessage} out. */
package org.attune.server.transport.tcp;
