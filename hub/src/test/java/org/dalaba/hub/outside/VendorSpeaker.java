package org.dalaba.hub.outside;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A speaker written by a vendor from docs/protocol.md only: MQTT 3.1.1 (Paho), signed commands, de-duplication by id,
 * alerts spoken with its own text-to-speech (for the time the hub estimates), and live sessions pulled over HTTP and
 * "played" on a simulated audio clock: a page plays when it arrives or when the previous one has played out.
 * Everything it does runs on one thread, so its state needs no locks.
 */
final class VendorSpeaker implements AutoCloseable {
  /** The endpoint's provisioning file (docs/api.md, GET /api/v1/endpoints/{id}/credentials). */
  record Provisioning(String endpointId, String password, String villageId, String townshipId, CommandSignatures keys) {
  }

  /** A receipt as published. */
  record Receipt(String cmd, String state, JsonObject json) {
  }

  /** docs/protocol.md "Live stream": an endpoint whose lag grows by more than 2 s in one pull reconnects. */
  static final long REJOIN_LAG_MS = 2_000;
  final Provisioning me;
  final List<Receipt> receipts = new CopyOnWriteArrayList<>();
  /** Every command that arrived, verified or not, as (topic, payload, signature good). */
  final List<JsonObject> commands = new CopyOnWriteArrayList<>();
  /** Every pull of a live stream, newest last. */
  final List<StreamJoin> joins = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "vendor-speaker"));
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final MqttClient mqtt;
  private final Map<String, Receipt> latest = new HashMap<>();
  private final Map<String, Long> seen = new HashMap<>();
  private final Map<String, String> stopped = new HashMap<>();
  private final List<Item> waiting = new ArrayList<>();
  private Item current;
  private long arrivals;

  private VendorSpeaker(Provisioning me, MqttClient mqtt) {
    this.me = me;
    this.mqtt = mqtt;
  }

  static VendorSpeaker connect(int mqttPort, Provisioning me) throws MqttException {
    MqttClient paho = new MqttClient("tcp://127.0.0.1:" + mqttPort, me.endpointId(), new MemoryPersistence());
    VendorSpeaker speaker = new VendorSpeaker(me, paho);
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setKeepAliveInterval(60);
    options.setUserName(me.endpointId());
    options.setPassword(me.password().toCharArray());
    options.setWill(topic(me, "status"), "{\"v\":1,\"state\":\"offline\",\"reason\":\"will\"}".getBytes(StandardCharsets.UTF_8), 1, true);
    paho.setTimeToWait(10_000);
    paho.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        long at = System.currentTimeMillis();
        speaker.thread.execute(() -> speaker.command(topic, payload, at));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {
      }
    });
    paho.connect(options);
    paho.subscribe(new String[] {"dalaba/v1/cmd/all", "dalaba/v1/cmd/township/" + me.townshipId(),
        "dalaba/v1/cmd/village/" + me.villageId(), "dalaba/v1/cmd/endpoint/" + me.endpointId(), "dalaba/v1/hub/status"},
        new int[] {1, 1, 1, 1, 1});
    speaker.thread.scheduleAtFixedRate(speaker::heartbeat, 60, 60, TimeUnit.SECONDS);
    paho.publish(topic(me, "status"), new JsonObject().put("v", 1).put("state", "online").put("ts", System.currentTimeMillis())
        .put("fw", "vendor-0.1").put("volume", 70).put("caps", List.of("text", "audio")).encode()
        .getBytes(StandardCharsets.UTF_8), 1, true);
    return speaker;
  }

  private static String topic(Provisioning me, String kind) {
    return "dalaba/v1/ep/" + me.endpointId() + "/" + kind;
  }

  List<Receipt> receiptsFor(String cmd) {
    return receipts.stream().filter(r -> r.cmd().equals(cmd)).toList();
  }

  boolean has(String cmd, String state) {
    return receipts.stream().anyMatch(r -> r.cmd().equals(cmd) && r.state().equals(state));
  }

  // ---- commands, in the document's order of checks ----

  private void command(String topic, byte[] payload, long arrivedMs) {
    if (topic.equals("dalaba/v1/hub/status")) {
      return;
    }
    JsonObject c;
    try {
      c = new JsonObject(new String(payload, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return; // 1. not JSON
    }
    String id = c.getString("id");
    if (id == null) {
      return;
    }
    boolean signed = me.keys().verify(topic, payload, c.getString("kid"));
    commands.add(new JsonObject().put("topic", topic).put("signed", signed).put("arrivedMs", arrivedMs).put("command", c));
    if (!signed) {
      publish(id, "failed", r -> r.put("reason", "BAD_SIGNATURE"), false);
      return;
    }
    if (seen.containsKey(id)) {
      Receipt last = latest.get(id);
      if (last != null && !"stop".equals(c.getString("type"))) {
        publishRaw(last.json());
      }
      return;
    }
    seen.put(id, c.getLong("expiresAt", System.currentTimeMillis() + 86_400_000L));
    String type = c.getString("type");
    if (!c.containsKey("ts") || type == null) {
      publish(id, "failed", r -> r.put("reason", "BAD_COMMAND"), true);
      return;
    }
    if ("stop".equals(type)) {
      stop(c.getString("ref"), c.getString("reason"));
      return;
    }
    Long expiresAt = c.getLong("expiresAt");
    if (expiresAt == null) {
      publish(id, "failed", r -> r.put("reason", "BAD_COMMAND"), true);
      return;
    }
    if (expiresAt < System.currentTimeMillis()) {
      publish(id, "failed", r -> r.put("reason", "EXPIRED"), true);
      return;
    }
    if (stopped.containsKey(id)) {
      publish(id, "failed", r -> r.put("reason", "CANCELLED"), true);
      return;
    }
    Item item = switch (type) {
      case "alert" -> new Alert(c);
      case "play" -> new Play(c);
      case "live" -> liveFrom(c);
      case "volume", "prefetch" -> null;
      default -> null;
    };
    if (item == null) {
      if ("volume".equals(type) || "prefetch".equals(type)) {
        publish(id, "received", r -> { }, true);
        publish(id, "volume".equals(type) ? "finished" : "ready", r -> { }, true);
      } else {
        publish(id, "failed", r -> r.put("reason", "BAD_COMMAND"), true);
      }
      return;
    }
    publish(id, "received", r -> { }, true);
    arrive(item);
  }

  private Item liveFrom(JsonObject c) {
    JsonObject stream = c.getJsonObject("stream");
    if (stream == null || stream.getString("url") == null || c.getLong("anchorMs") == null || c.getString("level") == null) {
      return null;
    }
    return new Live(c);
  }

  private void stop(String ref, String reason) {
    stopped.put(ref, reason);
    Item item = current != null && current.id.equals(ref) ? current
        : waiting.stream().filter(i -> i.id.equals(ref)).findFirst().orElse(null);
    if (item == null) {
      return;
    }
    if (item instanceof Live live && "ENDED".equals(reason)) {
      live.sessionEnded();
      return;
    }
    waiting.remove(item);
    if (item == current) {
      item.halt();
      current = null;
    }
    publish(ref, "failed", r -> r.put("reason", reason), true);
    next();
  }

  // ---- what plays: the most urgent first (docs/protocol.md, priority between alerts and live) ----

  private void arrive(Item item) {
    item.arrival = arrivals++;
    if (current == null) {
      start(item);
    } else if (item.rank() > current.rank()) {
      Item interrupted = current;
      current = null;
      interrupted.preempted("preempted by " + item.id);
      start(item);
    } else {
      waiting.add(item);
    }
  }

  private void start(Item item) {
    current = item;
    item.play();
  }

  /** The current item is done: the next most urgent waiting one starts, if it may still. */
  private void done(Item item) {
    if (current == item) {
      current = null;
      next();
    }
  }

  private void next() {
    if (current != null) {
      return;
    }
    waiting.sort(Comparator.comparingInt(Item::rank).reversed().thenComparingLong(i -> i.arrival));
    while (!waiting.isEmpty()) {
      Item item = waiting.remove(0);
      if (item.expiresAt < System.currentTimeMillis()) {
        publish(item.id, "failed", r -> r.put("reason", "EXPIRED"), true);
      } else if (item instanceof Live live && live.ended) {
        publish(item.id, "failed", r -> r.put("reason", "CANCELLED").put("detail", "session ended before its turn"), true);
      } else {
        start(item);
        return;
      }
    }
  }

  static int levelRank(String level) {
    return switch (level) {
      case "routine" -> 0;
      case "blue" -> 1;
      case "yellow" -> 2;
      case "orange" -> 3;
      case "red" -> 4;
      default -> -1;
    };
  }

  private abstract class Item {
    final String id;
    final long expiresAt;
    long arrival;

    Item(JsonObject c) {
      this.id = c.getString("id");
      this.expiresAt = c.getLong("expiresAt");
    }

    abstract int rank();

    abstract void play();

    /** Stops sounding (no receipt). */
    abstract void halt();

    /** Interrupted by something more urgent: report it and wait, or drop. */
    void preempted(String why) {
      halt();
      publish(id, "failed", r -> r.put("reason", "PREEMPTED").put("detail", why), true);
      waiting.add(this);
    }
  }

  /** Spoken with the speaker's own text-to-speech, one pass taking the hub's {@code durationMs}. */
  private final class Alert extends Item {
    final String level;
    final long passMs;
    int passesLeft;
    ScheduledFuture<?> pass;

    Alert(JsonObject c) {
      super(c);
      level = c.getString("level");
      passMs = c.getLong("durationMs", 1000L);
      passesLeft = c.getInteger("repeat", 1);
    }

    @Override
    int rank() {
      return levelRank(level); // the same level waits, alert or live alike
    }

    @Override
    void play() {
      publish(id, "started", r -> { }, true);
      pass = thread.schedule(this::passEnded, passMs, TimeUnit.MILLISECONDS);
    }

    private void passEnded() {
      if (current != this) {
        return;
      }
      passesLeft--;
      if (passesLeft > 0 && expiresAt > System.currentTimeMillis()) {
        pass = thread.schedule(this::passEnded, passMs, TimeUnit.MILLISECONDS);
        return;
      }
      publish(id, "finished", r -> { }, true);
      done(this);
    }

    @Override
    void halt() {
      if (pass != null) {
        pass.cancel(false);
      }
    }
  }

  /** A routine play: sounds for its {@code durationMs} from {@code offsetMs}; a preempted one is the hub's to resume. */
  private final class Play extends Item {
    final long remainingMs;
    ScheduledFuture<?> end;

    Play(JsonObject c) {
      super(c);
      remainingMs = c.getLong("durationMs", 1000L) - c.getLong("offsetMs", 0L);
    }

    @Override
    int rank() {
      return -1;
    }

    @Override
    void play() {
      publish(id, "started", r -> { }, true);
      end = thread.schedule(() -> {
        if (current == this) {
          publish(id, "finished", r -> { }, true);
          done(this);
        }
      }, remainingMs, TimeUnit.MILLISECONDS);
    }

    @Override
    void halt() {
      if (end != null) {
        end.cancel(false);
      }
    }

    @Override
    void preempted(String why) {
      halt();
      publish(id, "failed", r -> r.put("reason", "PREEMPTED").put("detail", why), true);
    }
  }

  /** A live session: pulled, checked and played page by page; rejoined at the live edge after a preemption. */
  private final class Live extends Item {
    final String level;
    final URI url;
    final long anchorMs;
    final List<Long> lags = new ArrayList<>();
    boolean ended;
    boolean startedThisJoin;
    long joinFirstLag;
    long playheadEndMs;
    int reconnects;
    LiveStreamPull pull;
    StreamJoin join;
    ScheduledFuture<?> pendingFinish;

    Live(JsonObject c) {
      super(c);
      level = c.getString("level");
      url = URI.create(c.getJsonObject("stream").getString("url"));
      anchorMs = c.getLong("anchorMs");
    }

    @Override
    int rank() {
      return levelRank(level);
    }

    @Override
    void play() {
      startedThisJoin = false;
      playheadEndMs = 0;
      connect();
    }

    private void connect() {
      join = new StreamJoin(anchorMs);
      joins.add(join);
      StreamJoin mine = join;
      pull = LiveStreamPull.open(http, url, me.endpointId(), me.password(), new LiveStreamPull.Listener() {
        @Override
        public void answered(java.net.http.HttpResponse.ResponseInfo info) {
          mine.answered(info);
        }

        @Override
        public void page(OggPageParser.Page page, long arrivedMs) {
          thread.execute(() -> onPage(mine, page, arrivedMs));
        }

        @Override
        public void ended(LiveStreamPull.Outcome outcome, String detail) {
          thread.execute(() -> onEnd(mine, outcome, detail));
        }
      }, thread);
    }

    private void onPage(StreamJoin from, OggPageParser.Page page, long arrivedMs) {
      if (from != join || current != this) {
        return;
      }
      String problem = from.accept(page, arrivedMs);
      if (problem != null) {
        pull.close();
        fail("STREAM_INVALID", problem);
        return;
      }
      if (!from.isAudio(page)) {
        return;
      }
      reconnects = 0;
      long durationMs = from.lastPageSamples / 48;
      long playAt = Math.max(arrivedMs, playheadEndMs);
      playheadEndMs = playAt + durationMs;
      long lag = playAt - (anchorMs + page.granule() / 48);
      lags.add(lag);
      if (!startedThisJoin) {
        startedThisJoin = true;
        joinFirstLag = lag;
        publish(id, "started", r -> r.put("lagMs", lag), true);
      }
      if (page.end()) {
        sessionEnded();
      } else if (lag - joinFirstLag > REJOIN_LAG_MS) { // growth, not the level: a clock offset is not falling behind
        pull.close(); // fallen behind (the sockets' buffers hid it from the hub): rejoin at the live edge
        retry("lag " + lag + " ms", 0);
      }
    }

    private void onEnd(StreamJoin from, LiveStreamPull.Outcome outcome, String detail) {
      if (from != join || current != this || ended) {
        return;
      }
      from.outcome = outcome + " " + detail;
      switch (outcome) {
        case INVALID -> fail("STREAM_INVALID", detail);
        case STALLED -> fail("STREAM_STALLED", detail);
        case HTTP_STATUS -> {
          if (from.status == 404 && !lags.isEmpty()) {
            sessionEnded(); // the session is not streaming any more: it ended while we reconnected
          } else {
            retry("HTTP " + from.status + " for " + url, from.retryAfterSeconds);
          }
        }
        case COMPLETE -> sessionEnded(); // the response ends only with the session; a slow reader is reset instead
        case LOST -> retry(outcome + " " + detail, 0);
        default -> { }
      }
    }

    private void retry(String why, long afterSeconds) {
      if (reconnects >= 3) {
        fail("STREAM_UNAVAILABLE", why);
        return;
      }
      reconnects++;
      thread.schedule(() -> {
        if (current == this && !ended) {
          connect();
        }
      }, Math.max(250L * reconnects, afterSeconds * 1000), TimeUnit.MILLISECONDS);
    }

    /** The stream's end or a stop ENDED: play out what was received, then report finished. */
    void sessionEnded() {
      if (ended) {
        return;
      }
      ended = true;
      if (current != this) {
        return; // waiting (preempted, or queued): next() reports it CANCELLED
      }
      if (pull != null) {
        pull.close();
      }
      long wait = Math.max(0, playheadEndMs - System.currentTimeMillis());
      pendingFinish = thread.schedule(() -> {
        publish(id, "finished", r -> r.put("lag", lagSummary()), true);
        done(this);
      }, wait, TimeUnit.MILLISECONDS);
    }

    private void fail(String reason, String detail) {
      ended = true;
      publish(id, "failed", r -> {
        r.put("reason", reason).put("detail", detail.length() > 200 ? detail.substring(0, 200) : detail);
        if (!lags.isEmpty()) {
          r.put("lag", lagSummary());
        }
      }, true);
      done(this);
    }

    private JsonObject lagSummary() {
      List<Long> sorted = lags.stream().sorted().toList();
      return new JsonObject().put("p50Ms", rank(sorted, 0.50)).put("p95Ms", rank(sorted, 0.95))
          .put("maxMs", sorted.get(sorted.size() - 1)).put("pages", sorted.size());
    }

    private long rank(List<Long> sorted, double q) {
      return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1)); // nearest rank
    }

    @Override
    void halt() {
      if (pull != null) {
        pull.close();
      }
      if (pendingFinish != null) {
        pendingFinish.cancel(false);
      }
    }
  }

  // ---- receipts ----

  private void publish(String cmd, String state, java.util.function.Consumer<JsonObject> fields, boolean remember) {
    JsonObject r = new JsonObject().put("v", 1).put("cmd", cmd).put("state", state).put("ts", System.currentTimeMillis());
    fields.accept(r);
    Receipt receipt = new Receipt(cmd, state, r);
    receipts.add(receipt);
    if (remember) {
      latest.put(cmd, receipt);
    }
    publishRaw(r);
  }

  private void publishRaw(JsonObject r) {
    try {
      mqtt.publish(topic(me, "receipt"), r.encode().getBytes(StandardCharsets.UTF_8), 1, false);
    } catch (MqttException e) {
      receipts.add(new Receipt(r.getString("cmd"), "unpublished", r.copy().put("error", e.toString())));
    }
  }

  /** What this speaker saw, for a failure message: commands, receipts and each pull of a stream. */
  String describe() {
    StringBuilder out = new StringBuilder(me.endpointId()).append(": commands ");
    commands.forEach(c -> out.append(c.getJsonObject("command").getString("type")).append(' ')
        .append(c.getJsonObject("command").getString("id")).append(c.getBoolean("signed") ? " signed" : " UNSIGNED").append(", "));
    out.append("receipts ");
    receipts.forEach(r -> out.append(r.json().encode()).append(", "));
    out.append("pulls ");
    joins.forEach(j -> out.append("[HTTP ").append(j.status).append(' ').append(j.contentType).append(", ")
        .append(j.audio.size()).append(" audio pages, ended ").append(j.outcome).append(", deviations ").append(j.deviations).append("] "));
    return out.toString();
  }

  private void heartbeat() {
    String playing = current == null ? null : current.id;
    try {
      mqtt.publish(topic(me, "heartbeat"), new JsonObject().put("v", 1).put("ts", System.currentTimeMillis()).put("playing", playing)
          .put("volume", 70).encode().getBytes(StandardCharsets.UTF_8), 0, false);
    } catch (MqttException e) {
      // the next one may get through; liveness is the hub's judgement
    }
  }

  @Override
  public void close() {
    try {
      thread.submit(() -> {
        if (current != null) {
          current.halt();
        }
        waiting.forEach(Item::halt);
      }).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    try {
      if (mqtt.isConnected()) {
        mqtt.publish(topic(me, "status"), "{\"v\":1,\"state\":\"offline\",\"reason\":\"shutdown\"}".getBytes(StandardCharsets.UTF_8), 1, true);
        mqtt.disconnect(2_000);
      }
      mqtt.close(true);
    } catch (MqttException e) {
      // already gone
    }
    thread.shutdownNow();
  }
}
