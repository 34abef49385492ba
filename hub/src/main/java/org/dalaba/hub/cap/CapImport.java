package org.dalaba.hub.cap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.Alert;
import org.dalaba.hub.alert.AlertMeta;
import org.dalaba.hub.alert.AlertRefused;
import org.dalaba.hub.alert.AlertRequest;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertService;
import org.dalaba.hub.alert.AlertSource;
import org.dalaba.hub.alert.AlertState;
import org.dalaba.hub.alert.AlertStore;
import org.dalaba.hub.api.AuditLog;
import org.dalaba.hub.directory.Directory;
import org.dalaba.hub.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a CAP 1.2 message as an alert, by the same path as {@code POST /api/v1/alerts}: the same validator, the same
 * scope rule (the user must cover every target, and every alert an Update or Cancel ends), the same
 * {@link AlertService#create(AlertRequest, User, String)} (so every rule of that entry point applies). Parsing,
 * validation and area matching run on a worker. The same sender + identifier twice is the same alert
 * ({@link CapLedger}); an Update creates its alert and then cancels those it replaces; a Cancel cancels every alert its
 * references name. Any refusal leaves nothing behind: it happens before anything is created or cancelled, and an
 * unknown reference refuses the whole message.
 *
 * <p>Runs on the hub's context. Failures are {@link CapRefused} (the document), {@link AlertRefused} (the alert
 * domain) or the store's.
 */
public final class CapImport {
  private static final Logger LOG = LoggerFactory.getLogger(CapImport.class);

  private final Vertx vertx;
  private final Clock clock;
  private final Supplier<Directory> directory;
  private final CapParser parser;
  private final CapLedger ledger;
  private final AlertService alerts;
  private final AlertStore store;
  private final AlertRequestValidator validator;
  private final AuditLog audit;
  private final String ownSender;

  /** @param ownSender the {@code sender} of this hub's own CAP exports: a reference to it names an alert id directly */
  public CapImport(Vertx vertx, Clock clock, Supplier<Directory> directory, CapParser parser, CapLedger ledger,
                   AlertService alerts, AlertStore store, AlertRequestValidator validator, AuditLog audit, String ownSender) {
    this.vertx = vertx;
    this.clock = clock;
    this.directory = directory;
    this.parser = parser;
    this.ledger = ledger;
    this.alerts = alerts;
    this.store = store;
    this.validator = validator;
    this.audit = audit;
    this.ownSender = ownSender;
  }

  /**
   * Parses (hardened, on a worker), validates against the shipped schema, maps and imports one CAP document.
   * @param source {@link AlertSource#CAP} or {@link AlertSource#FEED} (with its feedId); sender and identifier are
   *               taken from the message
   */
  public Future<ImportResult> importDocument(byte[] xml, User user, AlertSource source) {
    return parse(xml).compose(message -> importMessage(message, user, source));
  }

  /** Parses and validates on a worker: a {@link CapRefused} when the document is not a safe, valid CAP 1.2 message. */
  public Future<CapMessage> parse(byte[] xml) {
    return vertx.executeBlocking(() -> parser.parse(xml), false);
  }

  /** Imports a message already parsed (e.g. by a feed after checking its signature, or an operator's edit of one). */
  public Future<ImportResult> importMessage(CapMessage message, User user, AlertSource source) {
    Directory dir = directory.get();
    long now = clock.millis();
    AlertSource from = new AlertSource(source == null ? AlertSource.CAP : source.kind(), message.sender(), message.identifier(),
        source == null ? null : source.feedId());
    return ledger.find(message.sender(), message.identifier()).compose(found -> {
      if (found != null) {
        return repeated(found, message);
      }
      // area matching against every village's position is CPU work: on a worker
      return vertx.executeBlocking(() -> CapMapping.plan(message, dir, now), false)
          .compose(plan -> resolve(message.references()).compose(referenced -> {
            AlertRequest request = plan.kind() == CapPlan.Kind.CANCEL ? null : request(plan, from, referenced, dir);
            checkScope(user, request, referenced, dir);
            return claimed(message, plan, request, referenced, user);
          }));
    });
  }

  private Future<ImportResult> repeated(JsonObject found, CapMessage message) {
    if (found.containsKey("claim")) {
      return Future.failedFuture(CapRefused.conflict("同一条 CAP 消息（" + message.sender() + " / " + message.identifier()
              + "）正在导入，请稍后再查看", "the same CAP message (" + message.sender() + " / " + message.identifier()
              + ") is being imported just now; look again shortly"));
    }
    return Future.succeededFuture(ImportResult.repeated(found));
  }

  /** The alert request through the console's own validator, its refusals renamed to CAP elements. */
  private AlertRequest request(CapPlan plan, AlertSource from, List<Alert> referenced, Directory dir) {
    AlertRequest checked;
    try {
      checked = validator.validate(plan.alertBody(), dir);
    } catch (AlertRefused refused) {
      throw asCap(refused);
    }
    List<String> ids = referenced.stream().map(Alert::id).toList();
    AlertMeta meta = new AlertMeta(from, ids, ids.isEmpty() ? null : ids.get(0), plan.national(), plan.english());
    return new AlertRequest(checked.title(), checked.text(), checked.level(), checked.targets(), checked.expiresAt(),
        checked.repeat(), plan.exercise(), meta);
  }

  private static CapRefused asCap(AlertRefused refused) {
    String element = switch (refused.field() == null ? "" : refused.field()) {
      case "title" -> "headline";
      case "text", "repeat" -> "description";
      case "expiresAt" -> "expires";
      case "level" -> "severity";
      default -> refused.field() != null && refused.field().startsWith("targets") ? "area" : null;
    };
    String zh = element == null ? refused.zh() : "元素 <" + element + ">：" + refused.zh();
    String en = element == null ? refused.en() : "element <" + element + ">: " + refused.en();
    return CapRefused.unprocessable(element, zh, en);
  }

  /** Every reference must name an alert the hub knows: one it imported, or one of its own exports (by alert id). */
  private Future<List<Alert>> resolve(List<CapMessage.Reference> references) {
    List<Future<Alert>> found = new ArrayList<>();
    for (CapMessage.Reference ref : references) {
      Future<String> id = ref.sender().equals(ownSender) ? Future.succeededFuture(ref.identifier())
          : ledger.find(ref.sender(), ref.identifier()).map(v -> v == null ? null : v.getString("alertId"));
      found.add(id.compose(alertId -> alertId == null ? Future.succeededFuture(null) : store.get(alertId)));
    }
    return Future.all(found).map(all -> {
      List<Alert> alerts = new ArrayList<>();
      List<String> unknown = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        Alert alert = all.resultAt(i);
        if (alert == null) {
          CapMessage.Reference ref = references.get(i);
          unknown.add(ref.sender() + " / " + ref.identifier());
        } else if (alerts.stream().noneMatch(a -> a.id().equals(alert.id()))) {
          alerts.add(alert);
        }
      }
      if (!unknown.isEmpty()) {
        throw CapRefused.unprocessable("references", "元素 <references> 引用了本平台没有的预警：" + String.join("、", unknown)
                + "。消息未执行（没有撤销或发布任何预警）",
            "element <references> names alerts this hub does not know: " + String.join(", ", unknown)
                + ". Nothing was done (no alert was cancelled or sent)");
      }
      return alerts;
    });
  }

  private static void checkScope(User user, AlertRequest request, List<Alert> referenced, Directory dir) {
    if (request != null && !user.scope().covers(request.targets(), dir)) {
      throw CapRefused.forbidden("CAP 消息的区域超出您的管辖范围", "the CAP message's area lies outside your scope");
    }
    for (Alert alert : referenced) {
      if (!user.scope().covers(alert.targets(), dir)) {
        throw CapRefused.forbidden("CAP 消息引用的预警 " + alert.id() + " 超出您的管辖范围，不能更新或撤销",
            "the alert " + alert.id() + " the CAP message refers to reaches beyond your scope; you cannot update or cancel it");
      }
    }
  }

  /** Holds the message in the ledger while acting, settles it with the outcome, or lets it go if refused. */
  private Future<ImportResult> claimed(CapMessage message, CapPlan plan, AlertRequest request, List<Alert> referenced, User user) {
    String token = UUID.randomUUID().toString();
    return ledger.claim(message.sender(), message.identifier(), token).compose(won -> {
      if (!won) {
        return ledger.find(message.sender(), message.identifier())
            .compose(found -> found == null ? Future.failedFuture(CapRefused.conflict("同一条 CAP 消息正在导入，请稍后重试",
                "the same CAP message is being imported just now; try again shortly")) : repeated(found, message));
      }
      Future<ImportResult> done = plan.kind() == CapPlan.Kind.CANCEL ? cancelAll(message, referenced, user, null, plan)
          : alerts.create(request, user, null).compose(alert -> {
            LOG.info("CAP message {} / {} ({}) became alert {}", LogText.of(message.sender()), LogText.of(message.identifier()),
                message.msgType(), alert.id());
            if (alert.state() == org.dalaba.hub.alert.AlertState.PENDING_APPROVAL) {
              // nothing is replaced before a second person approves: the updated alert keeps playing meanwhile
              List<String> notes = new ArrayList<>(plan.notes());
              if (plan.kind() == CapPlan.Kind.UPDATE) {
                notes.add("新预警须经第二人审批后才发出；被更新的预警在此之前继续播放，审批后请撤销它"
                    + "|the new alert waits for a second person's approval; the alert it updates keeps playing until then: cancel it once approved");
              }
              return Future.succeededFuture(new ImportResult(ImportResult.Outcome.PENDING_APPROVAL, message.msgType(), alert.id(),
                  List.of(), List.of(), notes));
            }
            return plan.kind() == CapPlan.Kind.UPDATE ? cancelAll(message, referenced, user, alert.id(), plan)
                : Future.succeededFuture(new ImportResult(ImportResult.Outcome.CREATED, message.msgType(), alert.id(), List.of(),
                    List.of(), plan.notes()));
          });
      return done.compose(result -> ledger.settle(message.sender(), message.identifier(), result.settled())
              .recover(e -> {
                LOG.error("CAP message {} / {} was imported but its ledger entry could not be settled: {}",
                    LogText.of(message.sender()), LogText.of(message.identifier()), e.toString());
                return Future.succeededFuture();
              }).compose(v -> audited(user, message, result)).map(result))
          .recover(e -> ledger.release(message.sender(), message.identifier(), token).transform(r -> Future.failedFuture(e)));
    });
  }

  /** Cancels every active alert referenced; those already ended are reported, not an error. */
  private Future<ImportResult> cancelAll(CapMessage message, List<Alert> referenced, User user, String newAlertId, CapPlan plan) {
    List<String> cancelled = new ArrayList<>();
    List<String> ended = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (Alert alert : referenced) {
      chain = chain.compose(v -> store.get(alert.id())).compose(now -> cancelOne(alert.id(), now, user, cancelled, ended));
    }
    return chain.map(v -> new ImportResult(newAlertId == null ? ImportResult.Outcome.CANCELLED : ImportResult.Outcome.CREATED,
        message.msgType(), newAlertId, cancelled, ended, plan.notes()));
  }

  private Future<Void> cancelOne(String id, Alert now, User user, List<String> cancelled, List<String> ended) {
    if (now == null || now.state() != AlertState.ACTIVE) {
      ended.add(id);
      return Future.succeededFuture();
    }
    Future<Void> done = alerts.cancel(id, user.username()).map(c -> {
      cancelled.add(c.id());
      return (Void) null;
    });
    return done.recover(e -> {
      if (e instanceof AlertRefused r && r.reason() == AlertRefused.Reason.CONFLICT) {
        ended.add(id); // ended between the look and the cancel
        return Future.<Void>succeededFuture();
      }
      return Future.<Void>failedFuture(e);
    });
  }

  private Future<Void> audited(User user, CapMessage message, ImportResult result) {
    return audit.record(user.username(), "cap.import", new JsonObject().put("sender", message.sender())
            .put("identifier", message.identifier()).put("msgType", message.msgType()).put("status", message.status())
            .put("alertId", result.alertId()).put("cancelled", new JsonArray(result.cancelled())))
        .recover(e -> {
          LOG.error("CAP import {} / {} is done, but its audit entry could not be written: {}", LogText.of(message.sender()),
              LogText.of(message.identifier()), e.toString());
          return Future.succeededFuture();
        });
  }
}
