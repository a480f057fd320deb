/**
 * Netty framing for {@code attune.proto} on stream transports: a varint32 length prefix before each
 * message, with a maximum frame size on the way in.
 */
package org.attune.protocol.codec;
