package org.dalaba.hub.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
  @Test
  void weakPasswordsAreRefused() {
    for (String weak : List.of("          ", "   short   ", "aaaaaaaaaaaa", "abababababab", "abcdefghijk", "9876543210",
        "1234567890", "qwertyuiop", "Password123!", "!!woaini1314", "zhangsan2024", "ZHANGSAN-1", "x".repeat(201))) {
      assertTrue(PasswordPolicy.check("zhangsan", weak).isPresent(), "'" + weak + "' must be refused");
    }
  }

  @Test
  void reasonablePasswordsAreAccepted() {
    for (String good : List.of("correct-horse-battery", "test-admin-password", "铃声响起时请立即撤离7", "Q7m!x2pLr9")) {
      assertFalse(PasswordPolicy.check("zhangsan", good).isPresent(), "'" + good + "' must be accepted");
    }
    assertFalse(PasswordPolicy.check("admin", "test-admin-password").isPresent(), "the name inside a long password is fine");
  }
}
