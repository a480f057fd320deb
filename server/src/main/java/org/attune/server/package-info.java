/**
 * The Attune server: starts the event loops and the transports, and holds the registry of groups.
 *
 * <p>Sub-packages: {@code group} (the domain core: groups, members, structure changes),
 * {@code transport.tcp} (protobuf over TCP), {@code transport.udp} (clock pings over UDP).
 */
package org.attune.server;
