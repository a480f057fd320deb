/**
 * Transports: each a Netty pipeline that only decodes, authenticates and hands commands to a group
 * on the group's own event loop; the socket transport (epoll or NIO) is chosen once at start
 * ({@code SocketTransport}). What the TCP and WebSocket transports share lives here: the member
 * handler ({@code MemberConnectionHandler}), its link ({@code ChannelMemberLink}), the move onto
 * the group's loop ({@code ChannelMove}) and the end-of-iteration flush ({@code IterationFlush}).
 */
package org.attune.server.transport;
