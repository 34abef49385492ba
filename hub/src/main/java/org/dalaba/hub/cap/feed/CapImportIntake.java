package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.dalaba.hub.access.User;
import org.dalaba.hub.alert.AlertRequest;
import org.dalaba.hub.alert.AlertRequestValidator;
import org.dalaba.hub.alert.AlertSource;
import org.dalaba.hub.cap.CapImport;
import org.dalaba.hub.cap.CapMapping;
import org.dalaba.hub.cap.CapMessage;
import org.dalaba.hub.cap.CapPlan;
import org.dalaba.hub.cap.ImportResult;
import org.dalaba.hub.directory.Directory;

/**
 * The feeds' view of the CAP import: {@link CapImport#parse} (hardened, schema-checked), {@link CapMapping#plan} and the
 * console's own alert validator to read a document without acting, and {@link CapImport#importDocument} (sender +
 * identifier idempotence, Update and Cancel chains, scope) to act on it, marked as coming from the feed.
 */
public final class CapImportIntake implements CapIntake {
  private final Vertx vertx;
  private final Clock clock;
  private final Supplier<Directory> directory;
  private final CapImport imports;
  private final AlertRequestValidator validator;

  public CapImportIntake(Vertx vertx, Clock clock, Supplier<Directory> directory, CapImport imports, AlertRequestValidator validator) {
    this.vertx = vertx;
    this.clock = clock;
    this.directory = directory;
    this.imports = imports;
    this.validator = validator;
  }

  @Override
  public Future<Mapped> map(byte[] xml) {
    Directory dir = directory.get();
    return imports.parse(xml).compose(message -> vertx.executeBlocking(() -> mapped(message, dir), false));
  }

  private Mapped mapped(CapMessage message, Directory dir) {
    CapPlan plan = CapMapping.plan(message, dir, clock.millis());
    Set<String> areas = new LinkedHashSet<>();
    message.infos().forEach(info -> info.areas().forEach(area -> areas.add(area.areaDesc())));
    if (plan.kind() == CapPlan.Kind.CANCEL) {
      return new Mapped(message.sender(), message.identifier(), message.msgType(), null, null,
          "撤销：" + message.identifier(), "", 0, List.copyOf(areas), plan.exercise());
    }
    AlertRequest request = validator.validate(plan.alertBody(), dir);
    return new Mapped(message.sender(), message.identifier(), message.msgType(), request.level(), request.targets(),
        request.title(), request.text(), request.expiresAt(), List.copyOf(areas), plan.exercise());
  }

  @Override
  public Future<Imported> importDocument(byte[] xml, User user, String feedId) {
    return imports.importDocument(xml, user, AlertSource.feed(feedId, null, null))
        .map(result -> new Imported(result.alertId(), result.outcome() != ImportResult.Outcome.REPEATED));
  }
}
