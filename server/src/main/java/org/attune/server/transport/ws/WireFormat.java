package org.attune.server.transport.ws;

import org.attune.server.transport.ChannelMemberLink;

/**
 * How a WebSocket connection's messages are encoded, chosen by its subprotocol at the handshake.
 *
 * <p>Immutable; thread-safe.
 */
public enum WireFormat {
  /** Binary frames, each one protobuf message: the default, and {@value #PROTOBUF_SUBPROTOCOL}. */
  PROTOBUF(ChannelMemberLink.Form.FRAMED),
  /** Text frames, each one message in the proto3 JSON mapping: {@value #JSON_SUBPROTOCOL}. */
  JSON(ChannelMemberLink.Form.MESSAGE);

  public static final String PROTOBUF_SUBPROTOCOL = "attune.v1.proto";
  public static final String JSON_SUBPROTOCOL = "attune.v1.json";

  /** The subprotocols the endpoint offers, as Netty's handshaker takes them. */
  static final String SUBPROTOCOLS = JSON_SUBPROTOCOL + "," + PROTOBUF_SUBPROTOCOL;

  private final ChannelMemberLink.Form broadcastForm;

  WireFormat(ChannelMemberLink.Form broadcastForm) {
    this.broadcastForm = broadcastForm;
  }

  /** What the member's link writes a broadcast as: the shared encoding where it can be used. */
  ChannelMemberLink.Form broadcastForm() {
    return broadcastForm;
  }

  /** The format of the subprotocol the handshake selected; none selected is protobuf. */
  static WireFormat ofSubprotocol(String selected) {
    return JSON_SUBPROTOCOL.equals(selected) ? JSON : PROTOBUF;
  }
}
