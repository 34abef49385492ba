package org.dalaba.hub.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link HubConfig}: defaults, then the JSON file given by {@code --config}, then
 * {@code DALABA_*} environment variables, then command-line flags. Unknown keys and invalid values
 * are errors that name the key and where it came from.
 */
public final class ConfigLoader {
  private ConfigLoader() {
  }

  public static HubConfig defaults() {
    return load(null, Map.of(), Map.of());
  }

  /**
   * @param file    JSON configuration file, or null
   * @param env     the environment (System.getenv() in production)
   * @param flags   values from the command line, by key
   */
  public static HubConfig load(Path file, Map<String, String> env, Map<ConfigKey, String> flags) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    Map<ConfigKey, String> origin = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key, key.defaultValue);
      origin.put(key, "default");
    }
    if (file != null) {
      readFile(file, values, origin);
    }
    for (ConfigKey key : ConfigKey.values()) {
      String fromEnv = env.get(key.envName());
      if (fromEnv != null) {
        values.put(key, fromEnv.trim());
        origin.put(key, "environment variable " + key.envName());
      }
    }
    flags.forEach((key, value) -> {
      values.put(key, value);
      origin.put(key, "command line");
    });
    return validated(values, origin);
  }

  static HubConfig validated(Map<ConfigKey, String> values) {
    Map<ConfigKey, String> origin = new EnumMap<>(ConfigKey.class);
    values.keySet().forEach(k -> origin.put(k, "override"));
    return validated(values, origin);
  }

  private static HubConfig validated(Map<ConfigKey, String> values, Map<ConfigKey, String> origin) {
    List<String> problems = new ArrayList<>();
    for (ConfigKey key : ConfigKey.values()) {
      String problem = check(key, values.get(key));
      if (problem != null) {
        // the channels may hold tokens and secrets: their problem is told without the value
        String shown = key == ConfigKey.NOTIFY_CHANNELS ? "…" : values.get(key);
        problems.add(key.key + " = \"" + shown + "\" (" + origin.get(key) + "): " + problem);
      }
    }
    boolean external = values.get(ConfigKey.MQTT_MODE).equalsIgnoreCase("external");
    if (external && values.get(ConfigKey.MQTT_URL).isBlank()) {
      problems.add("mqtt.url is required when mqtt.mode is external");
    } else if (external) {
      try {
        org.dalaba.hub.mqtt.BrokerAddress.parseAll(values.get(ConfigKey.MQTT_URL));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage()); // at start, not at the first connect
      }
    }
    if (external && values.get(ConfigKey.MQTT_HUB_PASSWORD).isBlank()) {
      problems.add("mqtt.hubPassword is required when mqtt.mode is external (the broker must know it)");
    }
    problems.addAll(RedisModeCheck.problems(values));
    if (!problems.isEmpty()) {
      throw new ConfigException("invalid configuration:\n  " + String.join("\n  ", problems));
    }
    return new HubConfig(values);
  }

  private static String check(ConfigKey key, String value) {
    if (value == null) {
      return "missing";
    }
    try {
      switch (key.type) {
        case PORT -> {
          int port = Integer.parseInt(value);
          if (port < 0 || port > 65535) {
            return "must be a port number 0–65535";
          }
        }
        case POSITIVE_INT -> {
          if (Integer.parseInt(value) <= 0) {
            return "must be a positive whole number";
          }
        }
        case VOLUME -> {
          int volume = Integer.parseInt(value);
          if (volume < 0 || volume > 100) {
            return "must be a volume 0–100";
          }
        }
        case BOOLEAN -> {
          if (!value.equals("true") && !value.equals("false")) {
            return "must be true or false";
          }
        }
        case DOUBLE -> {
          if (!(Double.parseDouble(value) > 0)) {
            return "must be a positive number";
          }
        }
        case ZONE -> ZoneId.of(value);
        case STRING -> {
          if (key == ConfigKey.MQTT_MODE && !value.equalsIgnoreCase("embedded") && !value.equalsIgnoreCase("external")) {
            return "must be embedded or external";
          }
          if (key == ConfigKey.REDIS_MODE && HubConfig.RedisMode.parse(value) == null) {
            return "must be embedded, external (or standalone), sentinel or cluster";
          }
          if (key == ConfigKey.BACKUP_DAILY_AT && !value.isBlank() && !value.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            return "must be a time of day HH:MM (e.g. 03:30) or empty";
          }
          if (key == ConfigKey.ALERT_APPROVAL_LEVELS) {
            try {
              org.dalaba.hub.alert.ApprovalPolicy.parseLevels(value);
            } catch (IllegalArgumentException e) {
              return e.getMessage();
            }
          }
          if (key.key.startsWith("escalation.target.")) {
            try {
              org.dalaba.hub.escalation.DeliveryTarget.parse(value);
            } catch (IllegalArgumentException e) {
              return e.getMessage();
            }
          }
          if (key == ConfigKey.EBM_PLATFORM_ID && !value.isEmpty() && !value.matches("\\d{18}")) {
            return "must be 18 digits or empty";
          }
          if ((key == ConfigKey.EBM_SENDER_CODE || key == ConfigKey.EBM_EVENT_TYPE) && !value.matches("[0-9A-Za-z]{0,32}")) {
            return "must be letters and digits only (at most 32)";
          }
          if (key == ConfigKey.CAP_SENDER && !value.matches("[^\\s,<&]*")) {
            return "must not contain spaces, commas, < or &";
          }
          if (key == ConfigKey.ESCALATION_STEPS) {
            try {
              org.dalaba.hub.escalation.EscalationPolicy.parseSteps(value);
            } catch (IllegalArgumentException e) {
              return e.getMessage();
            }
          }
          if (key == ConfigKey.NOTIFY_CHANNELS) {
            try {
              org.dalaba.hub.escalation.channel.Channels.parse(value);
            } catch (IllegalArgumentException e) {
              return e.getMessage();
            }
          }
          if (key.key.startsWith("alert.signal.")) {
            try {
              org.dalaba.hub.alert.audio.AttentionSignal.parse(value);
            } catch (IllegalArgumentException e) {
              return "is not an attention signal: " + e.getMessage();
            }
          }
        }
      }
    } catch (NumberFormatException e) {
      return "not a number";
    } catch (DateTimeException e) {
      return "not a time zone id (e.g. Asia/Shanghai)";
    }
    return null;
  }

  private static void readFile(Path file, Map<ConfigKey, String> values, Map<ConfigKey, String> origin) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
    } catch (DecodeException e) {
      throw new ConfigException("configuration file " + file + " is not valid JSON: " + e.getMessage());
    }
    List<String> unknown = new ArrayList<>();
    Map<String, Object> flat = new java.util.LinkedHashMap<>();
    flatten("", json, flat);
    for (Map.Entry<String, Object> entry : flat.entrySet()) {
      ConfigKey key = byName(entry.getKey());
      if (key == null) {
        unknown.add(entry.getKey());
        continue;
      }
      values.put(key, String.valueOf(entry.getValue()));
      origin.put(key, "file " + file);
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException("configuration file " + file + " has unknown keys: " + String.join(", ", unknown)
          + " (known keys are listed in docs/configuration.md)");
    }
  }

  private static void flatten(String prefix, JsonObject json, Map<String, Object> out) {
    for (String name : json.fieldNames()) {
      Object value = json.getValue(name);
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      if (value instanceof JsonObject nested && byName(path) == null) {
        flatten(path, nested, out);
      } else {
        out.put(path, value);
      }
    }
  }

  public static ConfigKey byName(String name) {
    for (ConfigKey key : ConfigKey.values()) {
      if (key.key.equals(name)) {
        return key;
      }
    }
    return null;
  }
}
