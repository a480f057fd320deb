package org.attune.server.transport;

import org.attune.clock.ServerClock;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ClockPong;
import org.attune.protocol.v1.ServerMessage;

/** Answers a clock ping: t0 echoed, t1 as read, t2 as late as possible before the write. */
public final class ClockPongs {

  private ClockPongs() {}

  public static ServerMessage pong(ClockPing ping, long receivedMicros, ServerClock clock) {
    return ServerMessage.newBuilder()
        .setClockPong(
            ClockPong.newBuilder()
                .setClientSendMicros(ping.getClientSendMicros())
                .setServerReceiveMicros(receivedMicros)
                .setServerSendMicros(clock.nowMicros()))
        .build();
  }
}
