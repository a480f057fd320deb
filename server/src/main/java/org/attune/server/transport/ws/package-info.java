/**
 * Protobuf over WebSocket on the server's HTTP port ({@code GET /ws}): one binary frame a {@code
 * ClientMessage} or {@code ServerMessage}, or, on the {@code attune.v1.json} subprotocol that
 * browsers use, one text frame a message in the proto3 JSON mapping. After the handshake the
 * connection is a member connection like TCP's, served by the shared {@code
 * MemberConnectionHandler}: the same roles, limits, errors, lagging and snapshots, and the same
 * move onto its group's event loop. Clock pings travel over the socket (a browser has no UDP).
 */
package org.attune.server.transport.ws;
