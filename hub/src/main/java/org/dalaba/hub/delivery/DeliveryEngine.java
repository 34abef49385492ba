package org.dalaba.hub.delivery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dalaba.hub.catchup.CatchUp;
import org.dalaba.hub.catchup.DueCommand;
import org.dalaba.hub.cluster.Leadership;
import org.dalaba.hub.events.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one delivery engine behind every kind of command a set of endpoints must confirm (alerts, routine plays,
 * volume changes; each a {@link DeliveryPolicy}). The records live in Redis ({@link DeliveryStore}) and any hub
 * applies any receipt to them; the leader alone keeps the tracker of everything in flight, of every kind, and
 * acts on time: re-sends (through the {@link Dispatcher}, most urgent first per endpoint), catch-up of endpoints
 * that come back online (as a {@link CatchUp.Source}), expiry and close timers.
 *
 * <p>How the leader's tracker stays right: what this hub applies it tracks directly ({@link #track}); what another
 * hub applies arrives as one shared message per batch ({@value #TRACKED}); commands launched or ended on another
 * hub arrive as {@value #FLIGHT}. A new leader loads everything open from Redis, and so does the leader every
 * {@value #RECONCILE_MS} ms in case a message was lost. Runs on the hub's context.
 */
public final class DeliveryEngine implements CatchUp.Source {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
  static final String TRACKED = "engine.tracked";
  static final String FLIGHT = "engine.flight";
  static final String SEND_NOW = "engine.sendNow";
  static final long TICK_MS = 1000;
  static final long RECONCILE_MS = 30_000;

  /** One change to a record as the tracker follows it; {@code state} null: only heard from (e.g. a preemption). */
  public record Tracked(String id, String endpointId, DeliveryState state) {
  }

  private final Vertx vertx;
  private final Clock clock;
  private final Leadership leadership;
  private final Events events;
  private final Dispatcher dispatcher;
  private final Predicate<String> online;
  private final Map<String, DeliveryPolicy<?>> policies = new LinkedHashMap<>();
  private final Map<String, Flight<?>> flights = new LinkedHashMap<>();
  private final List<Runnable> tickListeners = new ArrayList<>();
  private final java.util.List<java.util.function.Consumer<Flight<?>>> finishListeners = new java.util.ArrayList<>();
  private MessageConsumer<JsonObject> consumer;
  private long tickTimer = -1;
  private long reconcileTimer = -1;
  private long resends;

  /** @param online whether an endpoint is online now (re-sends go to online endpoints only) */
  public DeliveryEngine(Vertx vertx, Clock clock, Leadership leadership, Events events, Dispatcher dispatcher,
                        Predicate<String> online) {
    this.vertx = vertx;
    this.clock = clock;
    this.leadership = leadership;
    this.events = events;
    this.dispatcher = dispatcher;
    this.online = online;
  }

  public <T> void register(DeliveryPolicy<T> policy) {
    policies.put(policy.kind(), policy);
  }

  /** Starts the re-send tick and the reconcile, and follows what other hubs apply. */
  public void start() {
    consumer = vertx.eventBus().localConsumer(Events.INTERNAL_ADDRESS, message -> onEvent(message.body()));
    tickTimer = vertx.setPeriodic(TICK_MS, t -> tick());
    reconcileTimer = vertx.setPeriodic(RECONCILE_MS, t -> {
      if (leadership.isLeader()) {
        reload().onFailure(e -> LOG.warn("Reconciling deliveries in flight failed: {}", e.toString()));
      }
    });
  }

  public void stop() {
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(reconcileTimer);
    if (consumer != null) {
      consumer.unregister();
    }
    dropAll();
  }

  /** Runs on every tick while this hub leads, after the re-sends (e.g. sending resumes that became due). */
  public void onTick(Runnable listener) {
    tickListeners.add(listener);
  }

  /** Told of every flight that ends with all its records final (after its policy recorded the end). */
  public void onFinished(java.util.function.Consumer<Flight<?>> listener) {
    finishListeners.add(listener);
  }

  /** A new leader takes over everything in flight from Redis; a former one lets go of it. */
  public Future<Void> onLeadership(boolean leader) {
    if (!leader) {
      dropAll();
      policies.values().forEach(DeliveryPolicy::released);
      return Future.succeededFuture();
    }
    return reload().onFailure(e -> LOG.error("Loading deliveries in flight failed: {}", e.toString()));
  }

  public long resendCount() {
    return resends;
  }

  public boolean isTracked(String id) {
    return flights.containsKey(id);
  }

  /** @return the flight of {@code id} if the policy's kind tracks it here, else null */
  @SuppressWarnings("unchecked")
  public <T> Flight<T> flight(DeliveryPolicy<T> policy, String id) {
    Flight<?> flight = flights.get(id);
    return flight != null && flight.policy() == policy ? (Flight<T>) flight : null;
  }

  /** Every flight of one kind, in the order launched. */
  @SuppressWarnings("unchecked")
  public <T> List<Flight<T>> flights(DeliveryPolicy<T> policy) {
    List<Flight<T>> of = new ArrayList<>();
    flights.values().forEach(f -> {
      if (f.policy() == policy) {
        of.add((Flight<T>) f);
      }
    });
    return of;
  }

  /** Whether a command of this kind has reached the endpoint and not ended there (leader's view). */
  public boolean holds(DeliveryPolicy<?> policy, String endpointId) {
    for (Flight<?> flight : flights.values()) {
      if (flight.policy() == policy && flight.holds(endpointId)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a command of this kind is in flight for the endpoint and not final there yet (leader's view). */
  public boolean owes(DeliveryPolicy<?> policy, String endpointId) {
    for (Flight<?> flight : flights.values()) {
      if (flight.policy() == policy && flight.progress(endpointId) != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * A command was stored with a pending record for each endpoint and sent: the leader tracks it from now; another
   * hub tells the leader. @return the flight, or null when this hub does not lead
   */
  public <T> Flight<T> launch(DeliveryPolicy<T> policy, String id, T subject, List<String> endpointIds) {
    if (!leadership.isLeader()) {
      events.publishShared(FLIGHT, new JsonObject().put("kind", policy.kind()).put("id", id).put("open", true));
      return null;
    }
    long now = clock.millis();
    Flight<T> flight = new Flight<>(id, policy, subject);
    endpointIds.forEach(e -> flight.unfinished.put(e, new Progress(DeliveryState.PENDING, now, 1)));
    flights.put(id, flight);
    armTimers(flight);
    return flight;
  }

  /** A command ended before its records did (e.g. an alert cancelled): nobody tracks it any more. */
  public void end(String id) {
    forget(id);
    if (!leadership.isLeader()) {
      events.publishShared(FLIGHT, new JsonObject().put("id", id).put("open", false));
    }
  }

  /**
   * Records moved in Redis (or were heard from) on this hub: the leader's tracker follows directly; another hub
   * sends the leader one message for the whole batch.
   */
  public void track(List<Tracked> changes) {
    if (changes.isEmpty()) {
      return;
    }
    if (leadership.isLeader()) {
      follow(changes);
      return;
    }
    JsonArray items = new JsonArray();
    changes.forEach(c -> items.add(new JsonArray().add(c.id()).add(c.endpointId()).add(c.state() == null ? "" : c.state().wire())));
    events.publishShared(TRACKED, new JsonObject().put("items", items));
  }

  /** The transitions that moved, as tracker changes (for {@link #track}). */
  public static List<Tracked> moved(List<DeliveryStore.Transition> transitions, List<DeliveryStore.Applied> results) {
    List<Tracked> moved = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i).outcome() == DeliveryStore.Applied.Outcome.MOVED) {
        DeliveryStore.Transition t = transitions.get(i);
        moved.add(new Tracked(t.id(), t.endpointId(), t.to()));
      }
    }
    return moved;
  }

  /**
   * Ends every record of the flight in one of {@code from} states with {@code to} in Redis, and follows it here;
   * completes the flight if nothing is left. @return the endpoints whose records changed
   */
  public <T> Future<List<String>> closeRecords(Flight<T> flight, List<DeliveryState> from, DeliveryState to, String reason) {
    return flight.policy().records().close(flight.id(), from, to, reason, clock.millis()).map(changed -> {
      List<Tracked> ended = new ArrayList<>(changed.size());
      changed.forEach(e -> ended.add(new Tracked(flight.id(), e, to)));
      follow(ended);
      if (flight.unfinished.isEmpty()) {
        finish(flight);
      }
      return changed;
    });
  }

  /**
   * An operator asks for a command to go again now to chosen endpoints (e.g. re-send an alert to one village), not
   * waiting for the re-send back-off. The leader sends it at once to those of them still unfinished and online, with
   * the engine's rules (the policy's command for each endpoint, e.g. the voiced copy for audio-only ones; urgency
   * order; send counts); another hub hands the request to the leader.
   *
   * @return the endpoints sent to; null when another hub leads (the request went to it)
   */
  public <T> List<String> sendNow(DeliveryPolicy<T> policy, String id, List<String> endpointIds) {
    if (!leadership.isLeader()) {
      events.publishShared(SEND_NOW, new JsonObject().put("kind", policy.kind()).put("id", id).put("endpoints", new JsonArray(endpointIds)));
      return null;
    }
    Flight<T> flight = flight(policy, id);
    List<Dispatcher.Send> sends = new ArrayList<>();
    long now = clock.millis();
    if (flight != null && now < policy.expiresAt(flight.subject())) {
      for (String endpointId : endpointIds) {
        Progress progress = flight.unfinished.get(endpointId);
        if (progress != null && online.test(endpointId)) {
          DueCommand command = policy.due(flight, endpointId, progress, () -> noteSent(progress, now));
          if (command != null) {
            sends.add(new Dispatcher.Send(endpointId, command));
          }
        }
      }
    }
    return dispatcher.send(sends).stream().map(Dispatcher.Send::endpointId).toList();
  }

  /** What an endpoint that came back online is owed, of every kind in flight. */
  @Override
  public List<DueCommand> dueFor(String endpointId, long now) {
    List<DueCommand> due = new ArrayList<>();
    for (Flight<?> flight : List.copyOf(flights.values())) {
      collectCatchUp(flight, endpointId, now, due);
    }
    return due;
  }

  private <T> void collectCatchUp(Flight<T> flight, String endpointId, long now, List<DueCommand> due) {
    Progress progress = flight.unfinished.get(endpointId);
    DeliveryPolicy<T> policy = flight.policy();
    if (progress != null && now < policy.expiresAt(flight.subject()) && policy.catchUpDue(flight, endpointId, progress)) {
      DueCommand command = policy.due(flight, endpointId, progress, () -> noteSent(progress, now));
      if (command != null) {
        due.add(command);
      }
    }
  }

  // ---- the leader's clock ----

  private void tick() {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    List<Dispatcher.Send> sends = new ArrayList<>();
    for (Flight<?> flight : flights.values()) {
      collectResends(flight, now, sends);
    }
    dispatcher.send(sends);
    tickListeners.forEach(Runnable::run);
  }

  private <T> void collectResends(Flight<T> flight, long now, List<Dispatcher.Send> sends) {
    DeliveryPolicy<T> policy = flight.policy();
    if (now >= policy.expiresAt(flight.subject())) {
      return;
    }
    flight.unfinished.forEach((endpointId, progress) -> {
      if (online.test(endpointId) && policy.resendDue(flight, progress, now)) {
        DueCommand command = policy.due(flight, endpointId, progress, () -> noteSent(progress, now));
        if (command != null) {
          sends.add(new Dispatcher.Send(endpointId, command));
        }
      }
    });
  }

  private void noteSent(Progress progress, long now) {
    progress.sends++;
    progress.lastActivityAt = now;
    if (progress.sends > 1) {
      resends++;
    }
  }

  private <T> void armTimers(Flight<T> flight) {
    long now = clock.millis();
    DeliveryPolicy<T> policy = flight.policy();
    flight.expiryTimer = vertx.setTimer(Math.max(1, policy.expiresAt(flight.subject()) - now), t -> {
      if (flights.get(flight.id()) == flight) {
        policy.expire(flight).onFailure(e -> LOG.error("Expiring {} {} failed: {}", policy.kind(), flight.id(), e.toString()));
      }
    });
    flight.closeTimer = vertx.setTimer(Math.max(1, policy.closeAt(flight.subject()) - now), t -> {
      if (flights.get(flight.id()) == flight) {
        flight.closing();
        policy.close(flight).onFailure(e -> LOG.error("Closing {} {} failed: {}", policy.kind(), flight.id(), e.toString()));
      }
    });
  }

  // ---- following records ----

  private void onEvent(JsonObject event) {
    if (!leadership.isLeader()) {
      return;
    }
    switch (event.getString("type", "")) {
      case TRACKED -> {
        List<Tracked> changes = new ArrayList<>();
        for (Object item : event.getJsonArray("items", new JsonArray())) {
          JsonArray change = (JsonArray) item;
          String state = change.getString(2);
          changes.add(new Tracked(change.getString(0), change.getString(1), state.isEmpty() ? null : DeliveryState.parse(state)));
        }
        follow(changes);
      }
      case SEND_NOW -> {
        DeliveryPolicy<?> policy = policies.get(event.getString("kind", ""));
        if (policy != null) {
          List<String> endpointIds = new ArrayList<>();
          event.getJsonArray("endpoints", new JsonArray()).forEach(e -> endpointIds.add(String.valueOf(e)));
          sendNow(policy, event.getString("id"), endpointIds);
        }
      }
      case FLIGHT -> {
        String id = event.getString("id");
        DeliveryPolicy<?> policy = policies.get(event.getString("kind", ""));
        if (!event.getBoolean("open", false)) {
          forget(id);
        } else if (policy != null && !flights.containsKey(id)) {
          adopt(policy, id).onFailure(e -> LOG.warn("Following {} {} failed: {}", policy.kind(), id, e.toString()));
        }
      }
      default -> {
      }
    }
  }

  /** Moves the tracker along (leader only): activity, higher states, final states end the endpoint. */
  private void follow(List<Tracked> changes) {
    if (!leadership.isLeader()) {
      return;
    }
    long now = clock.millis();
    Set<Flight<?>> touched = new HashSet<>();
    for (Tracked change : changes) {
      Flight<?> flight = flights.get(change.id());
      if (flight == null) {
        continue;
      }
      Progress progress = flight.unfinished.get(change.endpointId());
      if (progress == null) {
        continue;
      }
      if (change.state() == null) {
        progress.lastActivityAt = now;
        heard(flight, change.endpointId());
      } else if (change.state().isFinal()) {
        flight.unfinished.remove(change.endpointId());
        ended(flight, change.endpointId(), change.state());
        touched.add(flight);
      } else if (change.state().rank > progress.state.rank) {
        progress.state = change.state();
        progress.lastActivityAt = now;
      }
    }
    touched.forEach(flight -> {
      if (flight.unfinished.isEmpty() && flights.get(flight.id()) == flight) {
        finish(flight);
      }
    });
  }

  private static <T> void heard(Flight<T> flight, String endpointId) {
    flight.policy().heard(flight, endpointId);
  }

  private static <T> void ended(Flight<T> flight, String endpointId, DeliveryState state) {
    flight.policy().ended(flight, endpointId, state);
  }

  /** Every record of the flight is final (or has just been closed): stop tracking it and let its policy record the end. */
  public <T> void finish(Flight<T> flight) {
    if (flights.get(flight.id()) != flight) {
      return; // completed already
    }
    forget(flight.id());
    flight.policy().completed(flight);
    finishListeners.forEach(listener -> listener.accept(flight));
  }

  private void forget(String id) {
    Flight<?> flight = flights.remove(id);
    if (flight != null) {
      vertx.cancelTimer(flight.expiryTimer);
      vertx.cancelTimer(flight.closeTimer);
    }
  }

  private void dropAll() {
    List.copyOf(flights.keySet()).forEach(this::forget);
  }

  // ---- hand-over ----

  /** (Re)builds the tracker of every kind from Redis, keeping send history where known. */
  public Future<Void> reload() {
    List<Future<Void>> kinds = new ArrayList<>();
    policies.values().forEach(policy -> kinds.add(reload(policy)));
    return Future.all(kinds).mapEmpty();
  }

  private <T> Future<Void> reload(DeliveryPolicy<T> policy) {
    return policy.openIds().compose(ids -> {
      List<Future<Void>> loads = new ArrayList<>();
      ids.forEach(id -> loads.add(adopt(policy, id)));
      return Future.all(loads).map(v -> {
        Set<String> open = new HashSet<>(ids);
        flights(policy).stream().map(Flight::id).filter(id -> !open.contains(id)).toList().forEach(this::forget);
        return null;
      });
    });
  }

  private <T> Future<Void> adopt(DeliveryPolicy<T> policy, String id) {
    return policy.load(id).compose(subject -> subject == null ? Future.succeededFuture()
        : policy.records().records(id).map(records -> {
          if (!leadership.isLeader()) {
            return null;
          }
          Flight<T> flight = flight(policy, id);
          boolean fresh = flight == null;
          if (fresh) {
            flight = new Flight<>(id, policy, subject);
            flights.put(id, flight);
            armTimers(flight);
          }
          Flight<T> target = flight;
          records.forEach((endpoint, record) -> {
            if (record.state().isFinal()) {
              target.unfinished.remove(endpoint);
            } else {
              Progress progress = target.unfinished.get(endpoint);
              if (progress == null) {
                target.unfinished.put(endpoint, new Progress(record.state(), 0, 1));
              } else if (record.state().rank > progress.state.rank) {
                progress.state = record.state();
              }
            }
          });
          if (fresh) {
            LOG.info("Following unfinished {} {}: {} endpoint(s) still to confirm", policy.kind(), id, target.unfinished.size());
            policy.adopted(target);
          }
          if (target.unfinished.isEmpty()) {
            finish(target);
          }
          return null;
        }));
  }
}
