package org.dalaba.hub.config;

/** Bad configuration: start-up stops with this message; nothing falls back silently. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
