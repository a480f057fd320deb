package org.attune.server.metrics;

/**
 * The names, tag keys and tag values of Attune's meters, in Micrometer's dotted form; the
 * Prometheus registry turns {@code attune.gestures.received} into {@code
 * attune_gestures_received_total} (counters get {@code _total}, timers {@code _seconds}).
 *
 * <p>Every meter with one name must have the same tag keys, and a tag's values must come from a
 * small fixed set (never a group, member or address), so that the number of series stays bounded.
 */
public final class MeterNames {

  /** Gauge: members connected now; tags {@link #TRANSPORT}, {@link #ROLE}. */
  public static final String MEMBERS = "attune.members";

  /** Gauge: connected members whose link is full, who get no gestures; tag {@link #TRANSPORT}. */
  public static final String MEMBERS_LAGGING = "attune.members.lagging";

  /** Gauge: groups that exist now. */
  public static final String GROUPS = "attune.groups";

  /** Counter: gestures accepted from members; tag {@link #TRANSPORT} (the sender's). */
  public static final String GESTURES_RECEIVED = "attune.gestures.received";

  /** Counter: gestures relayed to members; tag {@link #TRANSPORT} (the receiver's). */
  public static final String GESTURES_SENT = "attune.gestures.sent";

  /** Timer: time to hand one message to every member of a group; tag {@link #MESSAGE}. */
  public static final String FAN_OUT = "attune.fanout";

  /**
   * Counter: messages not carried out, either dropped (a lagging receiver, a malformed or oversized
   * frame) or refused with an {@code Error}; tags {@link #TRANSPORT}, {@link #REASON}.
   */
  public static final String MESSAGES_DROPPED = "attune.messages.dropped";

  /** Timer: time to render one block of a group's bus. */
  public static final String RENDER_TIME = "attune.render";

  /** Counter: render threads' busy time, seconds. */
  public static final String RENDER_BUSY = "attune.render.busy.seconds";

  /** Counter: seconds of audio rendered (the budget the busy time is spent from). */
  public static final String RENDER_BUDGET = "attune.render.budget.seconds";

  /** Counter: blocks rendered. */
  public static final String RENDER_BLOCKS = "attune.render.blocks";

  /** Counter: blocks late or skipped. */
  public static final String RENDER_UNDERRUNS = "attune.render.underruns";

  /** Counter: buses stopped because they threw. */
  public static final String RENDER_FAILURES = "attune.render.failures";

  /** Gauge: render busy time over rendered audio time since start. */
  public static final String RENDER_LOAD = "attune.render.load";

  /** Gauge: voices sounding now. */
  public static final String VOICES_ACTIVE = "attune.voices.active";

  /** Counter: events refused by a full bus queue. */
  public static final String BUS_QUEUE_DROPS = "attune.bus.queue.drops";

  /** Counter: notes that reached the bus after their frame was rendered. */
  public static final String BUS_LATE_NOTES = "attune.bus.late.notes";

  /** Counter: structure changes scheduled by facilitators. */
  public static final String STRUCTURE_CHANGES = "attune.structure.changes";

  public static final String TEMPO_FOLLOWED = "attune.tempo.followed";
  public static final String SPOTLIGHT_TURNS = "attune.spotlight.turns";

  /** Counter: places of dropped members given to new ones because their group was full. */
  public static final String PLACES_RECLAIMED = "attune.places.reclaimed";

  /** Counter: recordings started. */
  public static final String RECORDINGS_STARTED = "attune.recordings.started";

  /** Counter: recordings stopped by a failed write. */
  public static final String RECORDINGS_FAILED = "attune.recordings.failed";

  /** Gauge: recordings running now. */
  public static final String RECORDINGS_ACTIVE = "attune.recordings.active";

  /** Counter: bytes of audio written to recordings. */
  public static final String RECORDING_BYTES = "attune.recording.bytes.written";

  /** Counter: frames a recording could not keep, written as silence. */
  public static final String RECORDING_DROPPED_FRAMES = "attune.recording.dropped.frames";

  /** Counter: stem files started, one per member heard in a recording with stems. */
  public static final String RECORDING_STEMS = "attune.recording.stems.started";

  /** Counter: stem frames lost to a full block pool, written as silence. */
  public static final String RECORDING_DROPPED_STEM_FRAMES = "attune.recording.stem.dropped.frames";

  /** Gauge: members listening to a group's live stream now. */
  public static final String STREAM_LISTENERS = "attune.stream.listeners";

  /** Counter: Opus frames of the live streams encoded (once per group and frame duration). */
  public static final String STREAM_FRAMES_ENCODED = "attune.stream.frames.encoded";

  /** Timer: time to encode one Opus frame of a live stream. */
  public static final String STREAM_ENCODE_TIME = "attune.stream.encode";

  /** Counter: live-stream frames sent to listeners, tagged by path (connection, udp). */
  public static final String STREAM_FRAMES_SENT = "attune.stream.frames.sent";

  /** Counter: live-stream frames a slow listener missed (its connection was full). */
  public static final String STREAM_FRAMES_DROPPED = "attune.stream.frames.dropped";

  /** Counter: rendered blocks the stream encoder fell too far behind to take. */
  public static final String STREAM_BLOCKS_DROPPED = "attune.stream.blocks.dropped";

  /** Counter: journal records taken into the writer's queue. */
  public static final String JOURNAL_APPENDED = "attune.journal.records.appended";

  /** Counter: journal records lost (a full queue, a file that failed): never silent. */
  public static final String JOURNAL_LOST = "attune.journal.records.lost";

  /** Counter: journal records written to the files. */
  public static final String JOURNAL_WRITTEN = "attune.journal.records.written";

  /** Counter: journal bytes written. */
  public static final String JOURNAL_BYTES = "attune.journal.bytes.written";

  /** Counter: journal {@code fsync} calls. */
  public static final String JOURNAL_SYNCS = "attune.journal.syncs";

  /** Counter: journal files that could not be opened or written. */
  public static final String JOURNAL_FAILED_FILES = "attune.journal.failed.files";

  /** Counter: clock pings answered; tag {@link #TRANSPORT}. */
  public static final String CLOCK_PINGS = "attune.clock.pings";

  /** Counter: snapshots sent to members that caught up after lagging; tag {@link #TRANSPORT}. */
  public static final String LAGGING_SNAPSHOTS = "attune.lagging.snapshots";

  /** Counter: connections accepted; tag {@link #TRANSPORT}. */
  public static final String CONNECTIONS_OPENED = "attune.connections.opened";

  /**
   * Counter: times a connection stopped being read for a second because it sent more messages than
   * its budget allows.
   */
  public static final String READ_PAUSES = "attune.connections.read.pauses";

  /** Counter: datagrams received, whatever became of them; tag {@link #TRANSPORT}. */
  public static final String DATAGRAMS_RECEIVED = "attune.datagrams.received";

  /** Tag: the transport's short name, as {@code MemberLink.transport()} gives it: tcp, udp, osc. */
  public static final String TRANSPORT = "transport";

  /** Tag: participant, facilitator or listener. */
  public static final String ROLE = "role";

  /** Tag: why a message was dropped or refused; one of the reason constants below. */
  public static final String REASON = "reason";

  /** Tag of {@link #FAN_OUT}: {@code gesture}, or {@code state} (roster, structure change). */
  public static final String MESSAGE = "message";

  /** Reason: a gesture not sent to a member whose link was full. */
  public static final String LAGGING = "lagging";

  /** Reason: a gesture dropped because its sender sent more than its gesture budget. */
  public static final String GESTURE_RATE = "gesture_rate";

  /**
   * Reason: a message dropped before it was decoded, because its connection sent more than its
   * message budget (of any kind) allows.
   */
  public static final String MESSAGE_RATE = "message_rate";

  /** Reason: a frame or datagram that could not be read. */
  public static final String MALFORMED = "malformed";

  /** Reason: a frame or datagram larger than the maximum. */
  public static final String OVERSIZED = "oversized";

  /** Reason: a well-formed message of a kind this transport does not carry. */
  public static final String UNSUPPORTED = "unsupported";

  /** Reason: a UDP reply held back by the anti-amplification rule (over 3x what was received). */
  public static final String AMPLIFICATION = "amplification";

  /** Reason: a join or resume refused (unknown code or session, wrong key, full group). */
  public static final String JOIN_REFUSED = "join_refused";

  /** Reason: a join or resume refused because its address failed too often. */
  public static final String RATE_LIMITED = "rate_limited";

  /** Reason: a gesture, command or leave from a connection that has not joined. */
  public static final String NOT_JOINED = "not_joined";

  /** Reason: a connection closed for not joining within the join timeout. */
  public static final String JOIN_TIMEOUT = "join_timeout";

  /** Reason: a connection closed because more than the cap was queued to it unread. */
  public static final String OUTBOUND_OVERFLOW = "outbound_overflow";

  /** Drop reason: a clock pong not sent because its connection was not being read by its peer. */
  public static final String PONG_UNREAD = "pong_unread";

  /** Reason: a reply not sent because the socket's send buffer was full. */
  public static final String UNWRITABLE = "unwritable";

  /** Reason: a connection closed because its partial frame passed the budget of all of them. */
  public static final String PARTIAL_FRAMES = "partial_frames";

  /** Reason: a gesture refused (a listener playing, a value out of range). */
  public static final String REFUSED_GESTURE = "refused_gesture";

  /** Reason: a facilitator command refused (not the facilitator, an invalid command). */
  public static final String REFUSED_COMMAND = "refused_command";

  /** Reason: an OSC message to an address Attune does not know. */
  public static final String UNKNOWN_ADDRESS = "unknown_address";

  /** Reason: an OSC message whose arguments do not fit its address. */
  public static final String BAD_ARGUMENTS = "bad_arguments";

  private MeterNames() {}
}
