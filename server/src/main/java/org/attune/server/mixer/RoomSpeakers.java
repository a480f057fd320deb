package org.attune.server.mixer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Optional;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.device.LinePlayback;

/**
 * The room's speakers: one group's master mix played on the server machine's sound device, for a
 * group that plays together in one room (the server's render clock paces the mix; the device plays
 * it as it comes, and blocks it cannot take in time are dropped and counted).
 *
 * <p>Thread-safe: made and closed on any thread; the line is fed on the render thread.
 */
public final class RoomSpeakers implements AutoCloseable {

  /** What a server without a usable sound device does instead, said after the reason. */
  static final String INSTEAD =
      "the server goes on without speakers (members hear the group on their own devices, and"
          + " recordings and streams are not affected).";

  private final GroupBus bus;
  private final LinePlayback line;

  private RoomSpeakers(GroupBus bus, LinePlayback line) {
    this.bus = bus;
    this.line = line;
  }

  /**
   * Plays group {@code groupId}'s mix on the sound device named like {@code device} (or the default
   * one).
   *
   * @throws IOException with a sentence for a person if the group has no sound here or the device
   *     cannot be opened; nothing is attached then
   */
  public static RoomSpeakers play(
      SoundSystem sound, String groupId, Optional<String> device, MeterRegistry registry)
      throws IOException {
    GroupBus bus =
        sound
            .bus(groupId)
            .orElseThrow(() -> new IOException("Group " + groupId + " has no mix to play."));
    LinePlayback line = LinePlayback.open(device, INSTEAD);
    FunctionCounter.builder("attune.speakers.dropped.blocks", line, LinePlayback::droppedBlocks)
        .description("Blocks of the mix the room's speakers did not take in time")
        .register(registry);
    bus.addSink(line);
    return new RoomSpeakers(bus, line);
  }

  /** Blocks the device did not take in time. */
  public long droppedBlocks() {
    return line.droppedBlocks();
  }

  @Override
  public void close() {
    bus.removeSink(line);
    line.close();
  }
}
