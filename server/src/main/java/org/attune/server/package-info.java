/**
 * The Attune server: starts the event loops and the transports, and holds the registry of groups.
 *
 * <p>Sub-packages: {@code group} (the domain core: groups, members, structure changes), {@code
 * transport.tcp} (protobuf over TCP), {@code transport.udp} (clock pings over UDP), {@code
 * transport.http} (the operations port: {@code /metrics}, {@code /healthz}), {@code metrics} (the
 * meters).
 */
package org.attune.server;
