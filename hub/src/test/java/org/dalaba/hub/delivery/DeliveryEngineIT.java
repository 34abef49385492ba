package org.dalaba.hub.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.events.Events;
import org.dalaba.hub.mqtt.CommandBus;
import org.dalaba.hub.store.EmbeddedRedis;
import org.dalaba.hub.store.RedisStore;
import org.dalaba.hub.testing.Await;
import org.dalaba.hub.testing.ExternalProcess;
import org.dalaba.hub.testing.OnContext;
import org.dalaba.hub.testing.PersistentRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's rules with a policy of the test's own, on a real redis-server: re-sends most urgent first per
 * endpoint, the leader's own receipts tracked directly and another hub's in one message per batch, a new leader
 * taking over what is in flight, and the expiry and close timers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryEngineIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String E1 = "211282105001-01";
  private static final String E2 = "211282105001-02";

  @TempDir
  static Path dir;
  private ExternalProcess server;
  private Vertx vertx;
  private Context context;
  private RedisStore redis;
  private final List<DeliveryEngine> engines = new ArrayList<>();
  private int n;

  /** What one test command is: its urgency (alerts by level, -1 a routine play) and times. */
  record Command(String id, int level, long expiresAt, long closeAt) {
  }

  /** A policy that records what the engine asks of it. */
  final class TestPolicy implements DeliveryPolicy<Command> {
    final DeliveryStore store = new DeliveryStore(redis, "enginetest", DeliveryState.PLAYBACK);
    final List<String> open = new ArrayList<>();
    final List<Command> known = new ArrayList<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    boolean resend = true;

    @Override public String kind() { return "enginetest"; }
    @Override public DeliveryStore records() { return store; }
    @Override public Future<List<String>> openIds() { return Future.succeededFuture(List.copyOf(open)); }
    @Override public Future<Command> load(String id) {
      return Future.succeededFuture(known.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null));
    }
    @Override public long expiresAt(Command c) { return c.expiresAt(); }
    @Override public long closeAt(Command c) { return c.closeAt(); }
    @Override public DueCommand due(Flight<Command> flight, String endpointId, Progress progress, Runnable onSent) {
      Command c = flight.subject();
      return new DueCommand(new JsonObject().put("id", c.id()), c.expiresAt(), c.level() >= 0, c.level(), 0, onSent);
    }
    @Override public boolean resendDue(Flight<Command> flight, Progress progress, long now) { return resend; }
    @Override public Future<Void> expire(Flight<Command> flight) {
      calls.add("expire " + flight.id());
      return Future.succeededFuture();
    }
    @Override public Future<Void> close(Flight<Command> flight) {
      calls.add("close " + flight.id() + " closing=" + flight.isClosing());
      return Future.succeededFuture();
    }
    @Override public void completed(Flight<Command> flight) { calls.add("completed " + flight.id()); }
    @Override public void ended(Flight<Command> flight, String endpointId, DeliveryState state) {
      calls.add("ended " + flight.id() + " " + endpointId + " " + state.wire());
    }
    @Override public void adopted(Flight<Command> flight) { calls.add("adopted " + flight.id()); }
  }

  /** Every command handed to the broker, as "endpoint id". */
  static final class RecordingBus implements CommandBus {
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<Void> publish(String topic, JsonObject command, long expiresAtMillis) {
      sent.add(topic.substring(topic.lastIndexOf('/') + 1) + " " + command.getString("id"));
      return Future.succeededFuture();
    }
  }

  @BeforeAll
  void startRedis() throws Exception {
    int port = EmbeddedRedis.freePort();
    server = PersistentRedis.start(dir, port);
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    redis = new RedisStore(vertx, "redis://127.0.0.1:" + port);
  }

  @AfterEach
  void stopEngines() throws Exception {
    for (DeliveryEngine engine : engines) {
      onContext(() -> {
        engine.stop();
        return Future.succeededFuture();
      });
    }
    engines.clear();
  }

  @AfterAll
  void stopRedis() {
    redis.close();
    vertx.close();
    server.close();
  }

  private DeliveryEngine engine(AtomicBoolean leader, Events events, CommandBus bus, TestPolicy policy) {
    DeliveryEngine engine = new DeliveryEngine(vertx, Clock.systemUTC(), leader::get, events, new Dispatcher(bus), e -> true);
    engine.register(policy);
    engines.add(engine);
    return engine;
  }

  private Command command(int level) {
    long now = System.currentTimeMillis();
    return new Command("t-" + (++n), level, now + 600_000, now + 700_000);
  }

  @Test
  void theResendTickSendsEachEndpointItsMostUrgentCommandFirst() throws Exception {
    // GIVEN a leader tracking a blue alert, a routine play and a red alert, launched in that order, all due again
    RecordingBus bus = new RecordingBus();
    TestPolicy policy = new TestPolicy();
    DeliveryEngine engine = engine(new AtomicBoolean(true), new Events(vertx), bus, policy);
    Command blue = command(0);
    Command play = command(-1);
    Command red = command(3);
    onContext(() -> {
      engine.launch(policy, blue.id(), blue, List.of(E1, E2));
      engine.launch(policy, play.id(), play, List.of(E1));
      engine.launch(policy, red.id(), red, List.of(E1, E2));
      engine.start();
      return Future.succeededFuture();
    });
    // WHEN the re-send tick comes
    Await.until("the first re-sends", WAIT, () -> bus.sent.size() >= 5);
    policy.resend = false;
    // THEN every endpoint gets the red alert first, then the blue one, then the play
    List<String> first = List.copyOf(bus.sent).subList(0, 5);
    assertEquals(List.of(red.id(), blue.id(), play.id()), idsFor(first, E1));
    assertEquals(List.of(red.id(), blue.id()), idsFor(first, E2));
    assertTrue(engine.resendCount() >= 5, "sends after the first count as re-sends");
  }

  private static List<String> idsFor(List<String> sent, String endpointId) {
    return sent.stream().filter(s -> s.startsWith(endpointId + " ")).map(s -> s.substring(endpointId.length() + 1)).toList();
  }

  @Test
  void theLeadersOwnReceiptsUpdateItsTrackerDirectlyWithoutAMessage() throws Exception {
    // GIVEN a leader whose shared events are recorded instead of going through Redis
    List<JsonObject> shared = Collections.synchronizedList(new ArrayList<>());
    Events events = new Events(vertx);
    events.shareThrough((type, body) -> shared.add(Events.stamped(type, body)));
    TestPolicy policy = new TestPolicy();
    DeliveryEngine engine = engine(new AtomicBoolean(true), events, new RecordingBus(), policy);
    Command c = command(2);
    Flight<Command> flight = onContext(() -> Future.succeededFuture(engine.launch(policy, c.id(), c, List.of(E1, E2))));

    // WHEN receipts it applied itself move E1 to playing, then E1 and E2 to final states
    onContext(() -> {
      engine.track(List.of(new DeliveryEngine.Tracked(c.id(), E1, DeliveryState.PLAYING)));
      return Future.succeededFuture();
    });
    assertEquals(DeliveryState.PLAYING, flight.progress(E1).state(), "tracked at once, no round trip");
    assertTrue(onContext(() -> Future.succeededFuture(engine.holds(policy, E1))));
    onContext(() -> {
      engine.track(List.of(new DeliveryEngine.Tracked(c.id(), E1, DeliveryState.PLAYED),
          new DeliveryEngine.Tracked(c.id(), E2, DeliveryState.FAILED)));
      return Future.succeededFuture();
    });

    // THEN the flight is complete, its policy told of each end, and no message was sent for any of it
    assertEquals(List.of("ended " + c.id() + " " + E1 + " played", "ended " + c.id() + " " + E2 + " failed", "completed " + c.id()),
        policy.calls);
    assertNull(onContext(() -> Future.succeededFuture(engine.flight(policy, c.id()))));
    assertEquals(List.of(), shared);
  }

  @Test
  void anotherHubSendsTheLeaderOneMessagePerBatch() throws Exception {
    // GIVEN a leader and a follower whose shared events reach the leader (as Redis pub/sub would)
    Events leaderEvents = new Events(vertx);
    TestPolicy leaderPolicy = new TestPolicy();
    DeliveryEngine leader = engine(new AtomicBoolean(true), leaderEvents, new RecordingBus(), leaderPolicy);
    List<JsonObject> shared = Collections.synchronizedList(new ArrayList<>());
    Events followerEvents = new Events(vertx);
    followerEvents.shareThrough((type, body) -> {
      JsonObject event = Events.stamped(type, body);
      shared.add(event);
      leaderEvents.deliver(event);
    });
    TestPolicy followerPolicy = new TestPolicy();
    DeliveryEngine follower = engine(new AtomicBoolean(false), followerEvents, new RecordingBus(), followerPolicy);
    Command c = command(1);
    Flight<Command> flight = onContext(() -> {
      leader.start();
      return Future.succeededFuture(leader.launch(leaderPolicy, c.id(), c, List.of(E1, E2, "211282105002-01")));
    });

    // WHEN the follower applied three receipts in one batch
    onContext(() -> {
      follower.track(List.of(new DeliveryEngine.Tracked(c.id(), E1, DeliveryState.PLAYED),
          new DeliveryEngine.Tracked(c.id(), E2, DeliveryState.RECEIVED), new DeliveryEngine.Tracked(c.id(), "211282105002-01", null)));
      return Future.succeededFuture();
    });

    // THEN one message carried them all, and the leader's tracker followed
    assertEquals(1, shared.size());
    assertEquals(3, shared.get(0).getJsonArray("items").size());
    Await.until("the leader follows", WAIT, () -> flight.progress(E1) == null);
    assertEquals(DeliveryState.RECEIVED, flight.progress(E2).state());
    assertTrue(onContext(() -> Future.succeededFuture(leader.isTracked(c.id()))));
  }

  @Test
  void sendNowSendsAtOnceToTheChosenUnfinishedEndpointsAndAnotherHubHandsItToTheLeader() throws Exception {
    // GIVEN a leader (whose tick would re-send nothing) and a follower, and a command E2 has played
    Events leaderEvents = new Events(vertx);
    TestPolicy leaderPolicy = new TestPolicy();
    leaderPolicy.resend = false;
    RecordingBus leaderBus = new RecordingBus();
    DeliveryEngine leader = engine(new AtomicBoolean(true), leaderEvents, leaderBus, leaderPolicy);
    Events followerEvents = new Events(vertx);
    followerEvents.shareThrough((type, body) -> leaderEvents.deliver(Events.stamped(type, body)));
    RecordingBus followerBus = new RecordingBus();
    DeliveryEngine follower = engine(new AtomicBoolean(false), followerEvents, followerBus, new TestPolicy());
    Command c = command(2);
    String e3 = "211282105002-01";
    Flight<Command> flight = onContext(() -> {
      leader.start();
      Flight<Command> launched = leader.launch(leaderPolicy, c.id(), c, List.of(E1, E2, e3));
      leader.track(List.of(new DeliveryEngine.Tracked(c.id(), E2, DeliveryState.PLAYED)));
      return Future.succeededFuture(launched);
    });

    // WHEN the leader is asked to send it now to E1, E2 and an endpoint it never targeted
    List<String> sent = onContext(() -> Future.succeededFuture(leader.sendNow(leaderPolicy, c.id(), List.of(E1, E2, "211282105009-01"))));

    // THEN only E1, still unfinished, gets it, at once, counted as a send
    assertEquals(List.of(E1), sent);
    assertEquals(List.of(E1 + " " + c.id()), List.copyOf(leaderBus.sent));
    assertEquals(2, flight.progress(E1).sends());

    // AND WHEN a hub that does not lead is asked, THEN it hands the request to the leader, which sends it
    assertNull(onContext(() -> Future.succeededFuture(follower.sendNow(leaderPolicy, c.id(), List.of(e3)))));
    Await.until("the leader sends it", WAIT, () -> leaderBus.sent.contains(e3 + " " + c.id()));
    assertEquals(List.of(), followerBus.sent);
  }

  @Test
  void aNewLeaderTakesOverEverythingInFlightFromRedis() throws Exception {
    // GIVEN two commands in Redis, launched by a leader that is gone: one with E1 played, one all final
    TestPolicy policy = new TestPolicy();
    Command half = command(3);
    Command done = command(1);
    await(redis.transaction(policy.store.createWrites(half.id(), List.of(E1, E2))));
    await(redis.transaction(policy.store.createWrites(done.id(), List.of(E1))));
    await(policy.store.apply(List.of(new DeliveryStore.Transition(half.id(), E1, DeliveryState.PLAYED, 1, null, 1),
        new DeliveryStore.Transition(half.id(), E2, DeliveryState.RECEIVED, 1, null, 1),
        new DeliveryStore.Transition(done.id(), E1, DeliveryState.PLAYED, 1, null, 1))));
    policy.open.addAll(List.of(half.id(), done.id()));
    policy.known.addAll(List.of(half, done));
    AtomicBoolean leads = new AtomicBoolean(false);
    DeliveryEngine engine = engine(leads, new Events(vertx), new RecordingBus(), policy);

    // WHEN this hub becomes the leader
    leads.set(true);
    onContext(() -> engine.onLeadership(true));

    // THEN it tracks what is unfinished, completes what is not, and catches up only what is owed
    Flight<Command> flight = onContext(() -> Future.succeededFuture(engine.flight(policy, half.id())));
    assertNotNull(flight);
    assertEquals(java.util.Set.of(E2), flight.unfinishedEndpoints());
    assertEquals(DeliveryState.RECEIVED, flight.progress(E2).state());
    assertTrue(policy.calls.contains("adopted " + half.id()), policy.calls.toString());
    assertTrue(policy.calls.contains("completed " + done.id()), policy.calls.toString());
    assertEquals(List.of(half.id()), onContext(() -> Future.succeededFuture(
        engine.dueFor(E2, System.currentTimeMillis()).stream().map(DueCommand::id).toList())));
    assertEquals(List.of(), onContext(() -> Future.succeededFuture(engine.dueFor(E1, System.currentTimeMillis()))));

    // AND WHEN it loses the lead, it lets go of everything
    leads.set(false);
    onContext(() -> engine.onLeadership(false));
    assertNull(onContext(() -> Future.succeededFuture(engine.flight(policy, half.id()))));
  }

  @Test
  void theExpiryAndCloseTimersAskThePolicy() throws Exception {
    TestPolicy policy = new TestPolicy();
    DeliveryEngine engine = engine(new AtomicBoolean(true), new Events(vertx), new RecordingBus(), policy);
    long now = System.currentTimeMillis();
    Command c = new Command("t-timers-" + (++n), 2, now + 200, now + 400);
    onContext(() -> Future.succeededFuture(engine.launch(policy, c.id(), c, List.of(E1))));
    Await.until("expiry and close", WAIT, () -> policy.calls.size() >= 2);
    assertEquals(List.of("expire " + c.id(), "close " + c.id() + " closing=true"), policy.calls);
  }

  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    return OnContext.run(context, action);
  }

  static <T> T await(Future<T> future) throws Exception {
    return OnContext.await(future);
  }
}
