package org.attune.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's message budget on virtual time: one fake server clock, advanced together with
 * the embedded loop's timer.
 */
class InboundMessageBudgetTest {

  private final AtomicLong nowMicros = new AtomicLong(5_000_000);
  private final LongAdder dropped = new LongAdder();
  private final LongAdder pauses = new LongAdder();
  private final List<ByteBuf> sent = new ArrayList<>();
  private final EmbeddedChannel channel =
      new EmbeddedChannel(new InboundMessageBudget(nowMicros::get, dropped, pauses));

  @AfterEach
  void release() {
    assertThat(sent)
        .as("every frame released, dropped or passed on")
        .allMatch(b -> b.refCnt() == 0);
    channel.finishAndReleaseAll();
  }

  @Test
  void aBurstWithinTheBudgetPassesAndReadingGoesOn() {
    int passed = send(InboundMessageBudget.BURST);

    assertThat(passed).isEqualTo(InboundMessageBudget.BURST);
    assertThat(dropped.sum()).isZero();
    assertThat(channel.config().isAutoRead()).isTrue();
    assertThat(channel.<Object>readOutbound()).isNull();
  }

  @Test
  void pastTheBurstFramesAreDroppedUndecodedReadingStopsAndTheSenderIsToldOnce() {
    int passed = send(InboundMessageBudget.BURST + 300);

    assertThat(passed).isEqualTo(InboundMessageBudget.BURST);
    assertThat(dropped.sum()).isEqualTo(300);
    assertThat(pauses.sum()).isEqualTo(1);
    assertThat(channel.config().isAutoRead()).isFalse();
    ServerMessage told = channel.readOutbound();
    assertThat(told.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(told.getError().getMessage()).contains("250 messages a second");
    assertThat(channel.<Object>readOutbound()).as("told once a pause").isNull();
  }

  @Test
  void readingResumesWhenTheBucketIsHalfFullAgainOnTheServerClock() {
    send(InboundMessageBudget.BURST + 1);
    assertThat(channel.config().isAutoRead()).isFalse();

    advance(999);
    assertThat(channel.config().isAutoRead()).isFalse();
    advance(2);
    assertThat(channel.config().isAutoRead()).isTrue();

    // Half the burst refilled: that many pass, the next is dropped and pauses again.
    assertThat(send(InboundMessageBudget.BURST / 2 + 1)).isEqualTo(InboundMessageBudget.BURST / 2);
    assertThat(channel.config().isAutoRead()).isFalse();
    assertThat(pauses.sum()).isEqualTo(2);
  }

  @Test
  void theLoopsTimerRunningAheadOfTheServerClockDoesNotResumeEarly() {
    send(InboundMessageBudget.BURST + 1);

    channel.advanceTimeBy(2, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.config().isAutoRead()).as("the server clock has not moved").isFalse();

    advance(1_001);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void aConnectionPausedForBothReasonsIsReadOnlyWhenNeitherHolds() {
    ReadPause.pause(channel, ReadPause.Reason.UNWRITABLE);
    send(InboundMessageBudget.BURST + 1);

    advance(1_001);
    assertThat(channel.config().isAutoRead()).as("its peer still does not read").isFalse();
    ReadPause.resume(channel, ReadPause.Reason.UNWRITABLE);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void aSenderWithinTheRateIsNeverHeldBack() {
    // Four times a member's gesture budget, for a minute, in steps of 10 ms.
    int passed = 0;
    for (int step = 0; step < 6_000; step++) {
      passed += send(step % 2 == 0 ? 2 : 3);
      advance(10);
    }
    assertThat(passed).isEqualTo(15_000);
    assertThat(dropped.sum()).isZero();
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  /** Sends {@code n} one-byte frames; returns how many came out the other side. */
  private int send(int n) {
    for (int i = 0; i < n; i++) {
      ByteBuf frame = Unpooled.buffer(1).writeByte(i);
      sent.add(frame);
      channel.writeInbound(frame);
    }
    int passed = 0;
    for (Object m; (m = channel.readInbound()) != null; ) {
      passed++;
      ((ByteBuf) m).release();
    }
    return passed;
  }

  /** Moves the server clock and the loop's timer on together. */
  private void advance(long millis) {
    nowMicros.addAndGet(millis * 1_000);
    channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }
}
