package org.attune.server.transport.osc;

import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.Role;

/** What one OSC message asks of the server, read by {@link OscRequests}. Immutable. */
sealed interface OscRequest {

  /**
   * {@code /attune/join[/role]}; {@code replyPort} 0 = answer at the sender's port; {@code times}
   * is how server times are written in this endpoint's replies.
   */
  record Join(
      String groupCode,
      String name,
      String instrument,
      Role role,
      String facilitatorKey,
      int replyPort,
      OscServerTime times)
      implements OscRequest {}

  /** {@code /attune/leave}. */
  record Leave() implements OscRequest {}

  /**
   * {@code /attune/record [1|0|start|stop] [wav|float|opus] [stems]}: the facilitator starts or
   * stops a recording; a start may name its format and ask for a stem per member.
   */
  record Record(RecordCommand command) implements OscRequest {}

  /** {@code /attune/end}: the facilitator ends the group's session. */
  record End() implements OscRequest {}

  /** A gesture to relay to the group. */
  record Play(Gesture gesture) implements OscRequest {}

  /** A facilitator command; {@code words} is how it was read, for logs and errors. */
  record Command(FacilitatorCommand command, String words) implements OscRequest {}

  /** A facilitator's change to the mix ({@code /attune/mixer/...}, {@code /attune/backing}). */
  record Mix(MixerCommand command) implements OscRequest {}

  /** {@code /attune/quantize AT}: when this endpoint's later commands take effect by default. */
  record SetQuantize(String at) implements OscRequest {}

  /** {@code /attune/ping}: answered with {@code /attune/pong}. */
  record Ping() implements OscRequest {}

  /** A button's release (value 0) on an address that acts on press only: nothing to do. */
  record ButtonReleased() implements OscRequest {}
}
