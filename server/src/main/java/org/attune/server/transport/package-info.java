/**
 * Transports: each a Netty pipeline that only decodes, authenticates and hands commands to a
 * group on the group's own event loop.
 */
package org.attune.server.transport;
