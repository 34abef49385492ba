package org.dalaba.hub.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a password must be, for every account and however it is set (user creation, a password change,
 * {@code HUB_ADMIN_PASSWORD}): 10 to 200 characters that are not only spaces, at least 5 different
 * characters, not a run like {@code abcdefghij} or {@code 9876543210}, not the user name with a few
 * characters around it, and not one of the common passwords shipped in {@code /passwords/common.txt}
 * (nor one with digits or punctuation added at the end). No strength-estimation library (zxcvbn) is
 * available to this build, so the list is ours.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = org.dalaba.hub.config.Limits.PASSWORD_MIN_CHARS;
  public static final int MAX_LENGTH = org.dalaba.hub.config.Limits.PASSWORD_MAX_CHARS;
  private static final Set<String> COMMON = load();

  /** Why a password is refused, in Chinese and English. */
  public record Refusal(String zh, String en) {
  }

  private PasswordPolicy() {
  }

  public static Optional<Refusal> check(String username, String password) {
    if (password.length() > MAX_LENGTH) {
      return refuse("不能超过 " + MAX_LENGTH + " 个字符", "must be at most " + MAX_LENGTH + " characters");
    }
    String stripped = password.strip();
    if (stripped.length() < MIN_LENGTH) {
      return refuse("至少 " + MIN_LENGTH + " 个字符（空格不算）", "must be at least " + MIN_LENGTH + " characters, not counting spaces");
    }
    if (password.codePoints().distinct().count() < 5) {
      return refuse("重复的字符太多，请至少使用 5 个不同的字符", "repeats too much: use at least 5 different characters");
    }
    if (isRun(stripped)) {
      return refuse("不能是连续的字母或数字（如 1234567890）", "must not be a run of letters or digits such as 1234567890");
    }
    String lower = stripped.toLowerCase(Locale.ROOT);
    String name = username == null ? "" : username.toLowerCase(Locale.ROOT);
    if (name.length() >= 3 && lower.replace(name, "").length() < MIN_LENGTH) {
      return refuse("不能是用户名或用户名加几个字符", "must not be the user name or the user name with a few characters added");
    }
    String withoutEnding = lower.replaceAll("[\\d\\p{Punct}\\s]+$", "");
    if (COMMON.contains(lower) || COMMON.contains(withoutEnding) || COMMON.contains(lower.replaceAll("^[\\d\\p{Punct}\\s]+", ""))) {
      return refuse("过于常见，容易被猜到，请换一个", "is too common and easily guessed; choose another");
    }
    return Optional.empty();
  }

  /** Every character one more (or one less) than the one before: abcdef…, 123456…, 987654… */
  private static boolean isRun(String text) {
    int up = 0;
    int down = 0;
    for (int i = 1; i < text.length(); i++) {
      int step = text.charAt(i) - text.charAt(i - 1);
      up += step == 1 ? 1 : 0;
      down += step == -1 ? 1 : 0;
    }
    return up == text.length() - 1 || down == text.length() - 1;
  }

  private static Optional<Refusal> refuse(String zh, String en) {
    return Optional.of(new Refusal(zh, en));
  }

  private static Set<String> load() {
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("/passwords/common.txt")) {
      if (in == null) {
        throw new IllegalStateException("missing /passwords/common.txt");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#")).map(line -> line.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
