package org.attune.client.render;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.attune.audio.SampleClock;
import org.attune.audio.backing.BackingPart;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.audio.bus.BusSink;
import org.attune.audio.bus.BusStats;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.bus.MemberStrip;
import org.attune.audio.bus.MemberStrips;
import org.attune.audio.bus.RenderObserver;
import org.attune.audio.bus.RenderScheduler;
import org.attune.audio.sf2.SoundFont;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.client.ClockSync;
import org.attune.client.TimelineState;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StripState;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the group in this client: a {@link GroupBus} of its own, with the server's engine, fed
 * with what the client hears (the others' gestures as relayed, this member's own as it sends them,
 * the structure changes before they take effect, the mix) and rendered on the synced clock, so that
 * a remote member hears the group with only the network's delay and no audio stream.
 *
 * <p>Time: a note played at server time {@code t} is heard from the sink's bus frame {@link
 * SampleClock#frameAt}{@code (t + renderDelay)} (plus the limiter's look-ahead), exactly as on the
 * server's bus. Bus frame {@code F} is heard at server time {@link SampleClock#microsAt}{@code (F)}
 * on this client's estimate of server time ({@link ClockSync}); the render thread renders each
 * block {@value #OUTPUT_LEAD_MICROS} µs before that and hands it to the sink. So the render delay
 * less that lead must cover the path from the member who played to here (their uplink, the server,
 * this downlink); a note that arrives later sounds at the start of the next block and is counted in
 * {@link BusStats#lateEvents}. (The server's bus, fed at once, renders each block as soon as its
 * notes are known: a gesture stamped "now" that takes longer than a block to reach it sounds a
 * block late there, and counts as late there.) The gestures, structure changes and mix go through
 * {@link MemberStrips}, the translation the server's mixer uses, so both play the same notes; the
 * form timeline is the one the server's backing band follows, so the backing plays the same bars.
 *
 * <p>The mix: the server sends the mix to members that ask ({@link AttuneClient#watchMix}, done on
 * start and after each welcome). Until a mix arrives, strips follow the roster (each playing member
 * at 0 dB, centred, on the instrument its join named, as the server starts it) and no backing
 * plays. Mixer changes take effect here when their mix arrives, not at a shared time: the server
 * applies them at once too.
 *
 * <p>Thread-safe: yes. The listener callbacks (on the client's timeline thread) and {@link #played}
 * (on whichever thread plays) serialize on this object's monitor, the owner of the strips; they
 * hand events to the bus through its lock-free queue. The render thread ({@code attune-render-0},
 * realtime-safe: no allocation, no lock, no I/O) never takes the monitor; it calls the sink once
 * per block.
 */
public final class LocalRenderer implements ClientListener, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalRenderer.class);

  /** Strips for members: as many as a group of the server's default size. */
  public static final int MEMBER_STRIPS = 32;

  /** Polyphony of the whole local bus. */
  public static final int MAX_VOICES = 256;

  /** The shortest automatic render delay. */
  static final long MIN_AUTO_DELAY_MICROS = 25_000;

  /**
   * How long before it is heard a block is rendered and handed to the sink: the render thread's
   * window, and room for its wake-ups (a sound device's own buffer comes on top).
   */
  public static final long OUTPUT_LEAD_MICROS = 10_000;

  private final AttuneClient client;
  private final ClockSync clock;
  private final GroupBus bus;
  private final MemberStrips strips;
  private final RenderScheduler scheduler;
  private final BusStats stats = new BusStats();
  private boolean mixKnown;
  private boolean closed;

  private LocalRenderer(
      AttuneClient client, SoundFont font, long delayMicros, long leadMicros, BusSink sink) {
    this.client = client;
    this.clock = client.clockSync();
    // The server's bus renders a block as soon as every note played up to its frames less the
    // delay can be known, which holds for notes that reach it at once. Here notes come over the
    // network: a block is rendered only the output lead before it is heard, so that a note that
    // took up to the delay less the lead to arrive is still in time.
    this.bus =
        new GroupBus(
            "local",
            font,
            MEMBER_STRIPS,
            MAX_VOICES,
            delayMicros,
            leadMicros,
            clock.nowServerMicros(),
            stats);
    this.strips = new MemberStrips(bus);
    bus.addSink(sink);
    this.scheduler = new RenderScheduler(clock::nowServerMicros, 1, new Failures());
  }

  /**
   * Starts rendering the group that {@code client} has joined into {@code sink}.
   *
   * @param delayMicros the render delay, at least one block ({@link #autoDelayMicros} sizes one for
   *     the client's network path)
   * @throws IllegalStateException if the client has not joined or its clock is not in sync yet
   *     (await {@link AttuneClient#awaitClockSync} first)
   */
  public static LocalRenderer start(
      AttuneClient client, SoundFont font, long delayMicros, BusSink sink) {
    return start(client, font, delayMicros, outputLeadMicros(delayMicros), sink);
  }

  /**
   * Starts rendering with a chosen output lead: how long before it is heard each block is rendered.
   * A longer lead rides out a busy machine's scheduling (the render thread must finish each block
   * within the lead less a block) but leaves less of the delay for the network.
   *
   * @param leadMicros at least one block, at most the delay
   * @throws IllegalArgumentException if the delay or the lead is out of range
   */
  public static LocalRenderer start(
      AttuneClient client, SoundFont font, long delayMicros, long leadMicros, BusSink sink) {
    if (client.welcome() == null) {
      throw new IllegalStateException("join a group before rendering it");
    }
    if (!client.clockSync().isSynced()) {
      throw new IllegalStateException(
          "the clock is not in sync with the server yet: await AttuneClient.awaitClockSync first");
    }
    LocalRenderer renderer = new LocalRenderer(client, font, delayMicros, leadMicros, sink);
    client.addListener(renderer);
    renderer.catchUp();
    client.watchMix(true);
    renderer.scheduler.add(renderer.bus);
    return renderer;
  }

  /** {@link #OUTPUT_LEAD_MICROS}, or the whole delay if it is shorter. */
  static long outputLeadMicros(long delayMicros) {
    return Math.min(delayMicros, OUTPUT_LEAD_MICROS);
  }

  /**
   * A render delay for this client's path: twice its best round trip to the server (the path from
   * another member to the server, assumed no slower, and from the server to here), plus the
   * {@linkplain #OUTPUT_LEAD_MICROS output lead}, plus 10 ms of room for jitter; at least {@value
   * #MIN_AUTO_DELAY_MICROS} µs.
   */
  public static long autoDelayMicros(ClockSync clock) {
    long rtt = Math.max(0, clock.bestRttMicros());
    return Math.max(MIN_AUTO_DELAY_MICROS, 2 * rtt + OUTPUT_LEAD_MICROS + 10_000);
  }

  /** The bus rendered here, for sinks and measurements. */
  public GroupBus bus() {
    return bus;
  }

  /** Blocks rendered, underruns, and notes that arrived too late for the render delay. */
  public BusStats stats() {
    return stats;
  }

  public long delayMicros() {
    return bus.delayMicros();
  }

  /**
   * This member's own gesture, as {@link AttuneClient#sendGesture} sent it: heard here at its
   * played-at time (the estimated server time now if it has none), with the pitch the server
   * resolves for it from the same timeline. Null (a dropped gesture) is ignored. Any thread.
   */
  public synchronized void played(Gesture sent) {
    if (sent == null || closed) {
      return;
    }
    long at =
        sent.getPlayedAtServerMicros() != 0
            ? sent.getPlayedAtServerMicros()
            : clock.nowServerMicros();
    TimelineState state = client.timeline().state();
    int pitch = MemberStrips.soundingPitch(sent, state.formAt(at), state.beatAt(at));
    strips.played(client.participantId(), sent, pitch, at);
  }

  /** Sends a gesture through the client and plays it here. Any thread. */
  public void play(Gesture gesture) {
    played(client.sendGesture(gesture));
  }

  // ------------------------------------------------------------------ what the client hears

  @Override
  public synchronized void onWelcome(Welcome welcome) {
    if (closed) {
      return;
    }
    followRoster(welcome.getSnapshot().getRoster());
    followTimeline(client.timeline().state());
    client.watchMix(true);
  }

  @Override
  public synchronized void onSnapshot(Snapshot snapshot) {
    if (!closed) {
      followRoster(snapshot.getRoster());
      followTimeline(client.timeline().state());
    }
  }

  @Override
  public synchronized void onStructureChangeReceived(StructureChange change, long receivedNanos) {
    if (closed) {
      return;
    }
    // Called before the timeline takes the change in: add it to what the timeline holds, as the
    // server's group does when it schedules it.
    TimelineState state = client.timeline().state();
    if (change.getSequence() <= state.lastSequence()) {
      return;
    }
    TempoMap map = state.tempoMap();
    if (change.hasTempoMap() && change.getTempoMap().getSegmentsCount() > 0) {
      try {
        map = TempoMap.fromProto(change.getTempoMap());
      } catch (IllegalArgumentException e) {
        log.warn("local rendering: change {} has a bad tempo map", change.getSequence());
      }
    }
    List<StructureChange> pending = new ArrayList<>(state.pending());
    pending.add(change);
    pending.sort(
        (a, b) ->
            a.getEffectiveServerMicros() != b.getEffectiveServerMicros()
                ? Long.compare(a.getEffectiveServerMicros(), b.getEffectiveServerMicros())
                : Long.compare(a.getSequence(), b.getSequence()));
    strips.timeline(map, state.form(), pending);
  }

  @Override
  public synchronized void onGesture(GestureEvent event) {
    if (!closed) {
      strips.played(
          event.getParticipantId(),
          event.getGesture(),
          event.getResolvedPitch(),
          event.getGesture().getPlayedAtServerMicros() != 0
              ? event.getGesture().getPlayedAtServerMicros()
              : event.getServerReceiveMicros());
    }
  }

  @Override
  public synchronized void onRoster(Roster roster) {
    if (!closed) {
      followRoster(roster);
    }
  }

  @Override
  public synchronized void onMixerState(MixerState state) {
    if (!closed) {
      followMix(state);
    }
  }

  /** A server that renders no sound has no mix: its MixerState is empty, no SoundFont named. */
  private static boolean hasMixer(MixerState mix) {
    return !mix.getSoundFont().isEmpty();
  }

  private synchronized void catchUp() {
    followRoster(client.roster());
    followTimeline(client.timeline().state());
    MixerState mix = client.mixerState();
    if (mix != null) {
      followMix(mix);
    }
  }

  private void followTimeline(TimelineState state) {
    strips.timeline(state.tempoMap(), state.form(), state.pending());
  }

  /** Strips for the playing members, as the server gives them on joining; until a mix is known. */
  private void followRoster(Roster roster) {
    if (mixKnown) {
      return;
    }
    Set<String> playing = new HashSet<>();
    for (Member m : roster.getMembersList()) {
      if (m.getRole() != Role.LISTENER) {
        playing.add(m.getParticipantId());
        if (strips.strip(m.getParticipantId()).isEmpty()) {
          strips.add(m.getParticipantId(), GeneralMidi.forInstrumentName(m.getInstrument()));
        }
      }
    }
    removeAllBut(playing);
  }

  /** Makes the strips, the master and the backing what the server's mix says. */
  private void followMix(MixerState mix) {
    if (!hasMixer(mix)) {
      return;
    }
    mixKnown = true;
    Set<String> present = new HashSet<>();
    for (StripState s : mix.getStripsList()) {
      present.add(s.getParticipantId());
      InstrumentChoice instrument = instrument(s);
      if (instrument == null) {
        continue;
      }
      MemberStrip strip = strips.strip(s.getParticipantId()).orElse(null);
      if (strip == null) {
        strip = strips.add(s.getParticipantId(), instrument).orElse(null);
        if (strip == null) {
          continue;
        }
      }
      if (strip.instrument().bank() != instrument.bank()
          || strip.instrument().program() != instrument.program()) {
        strips.instrument(strip, instrument);
      }
      if (strip.gainDb() != s.getGainDb()) {
        strips.gain(strip, s.getGainDb());
      }
      if (strip.pan() != s.getPan()) {
        strips.pan(strip, s.getPan());
      }
      if (strip.muted() != s.getMute()) {
        strips.mute(strip, s.getMute());
      }
      if (strip.soloed() != s.getSolo()) {
        strips.solo(strip, s.getSolo());
      }
    }
    removeAllBut(present);
    if (strips.masterGainDb() != mix.getMasterGainDb()) {
      strips.masterGain(mix.getMasterGainDb());
    }
    int mask = 0;
    for (org.attune.protocol.v1.BackingPart p : mix.getBackingList()) {
      if (p != org.attune.protocol.v1.BackingPart.BACKING_PART_UNSPECIFIED
          && p != org.attune.protocol.v1.BackingPart.UNRECOGNIZED) {
        mask |= BackingPart.valueOf(p.name()).bit();
      }
    }
    if (strips.backingMask() != mask) {
      strips.backing(mask);
    }
    String spotlit = mix.getSpotlight().isEmpty() ? null : mix.getSpotlight();
    float duck = spotlit == null ? 0 : mix.getSpotlightDuckDb();
    if (!java.util.Objects.equals(strips.spotlit().orElse(null), spotlit)
        || strips.duckDb() != duck) {
      strips.spotlight(spotlit, duck);
    }
  }

  private static InstrumentChoice instrument(StripState s) {
    try {
      return new InstrumentChoice(s.getBank(), s.getProgram(), s.getInstrument());
    } catch (IllegalArgumentException e) {
      log.warn("local rendering: strip {} has no playable program", s.getParticipantId());
      return null;
    }
  }

  private void removeAllBut(Set<String> keep) {
    List<String> gone = new ArrayList<>();
    for (MemberStrip s : strips.all()) {
      if (!keep.contains(s.memberId())) {
        gone.add(s.memberId());
      }
    }
    gone.forEach(strips::remove);
  }

  /** Stops rendering: the sink gets no more blocks once this returns (within a block). */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    client.removeListener(this);
    scheduler.close();
  }

  /** Logs a render failure: the bus is then off its render thread and the sound stops. */
  private static final class Failures implements RenderObserver {
    @Override
    public void rendered(GroupBus bus, long renderNanos, long budgetNanos, boolean late) {}

    @Override
    public void failed(GroupBus bus, Throwable error) {
      log.error("local rendering stopped: the bus failed", error);
    }
  }
}
