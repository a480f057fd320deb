/**
 * The live stream of each group's master mix to the members who ask for it: a sink on the group's
 * bus ({@link org.attune.server.stream.GroupStream}) copies the rendered blocks off the render
 * thread, one encoder thread for the server ({@link org.attune.server.stream.StreamEncoder}) cuts
 * them into Opus frames and encodes each group's frame once, and the group's loop ({@link
 * org.attune.server.stream.StreamListeners}) sends it to each listener: over its connection while
 * the connection takes it (else the frame is dropped for that listener and counted), or as a
 * datagram to the address its clock pings prove ({@link org.attune.server.stream.UdpStreamRoutes}).
 */
package org.attune.server.stream;
