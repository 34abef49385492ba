package org.dalaba.hub.cap.feed;

import io.vertx.core.Future;
import org.dalaba.hub.access.User;
import org.dalaba.hub.api.ApiError;

/** The feeds' view of the CAP import (org.dalaba.hub.cap); until the import is merged it refuses everything. */
public final class CapImportIntake implements CapIntake {
  @Override
  public Future<Mapped> map(byte[] xml) {
    return Future.failedFuture(ApiError.unavailable("CAP 导入尚未启用", "the CAP import is not available yet"));
  }

  @Override
  public Future<Imported> importDocument(byte[] xml, User user) {
    return Future.failedFuture(ApiError.unavailable("CAP 导入尚未启用", "the CAP import is not available yet"));
  }
}
