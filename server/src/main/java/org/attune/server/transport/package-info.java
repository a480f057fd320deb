/**
 * Transports: each a Netty pipeline that only decodes, authenticates and hands commands to a
 * group on the group's own event loop; the socket transport (epoll or NIO) is chosen once at
 * start ({@code SocketTransport}).
 */
package org.attune.server.transport;
