package org.dalaba.hub.cap;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * Turns the JDK validator's first schema violation (an XML Schema "cvc-…" rule) into an operator's words: which CAP
 * element, and what the specification asks of it (order, a missing element, a value outside its list, a time's form).
 * No library text reaches the operator; the rule's code is kept in English for whoever debugs a sender.
 */
final class SchemaErrors {
  private static final Pattern RULE = Pattern.compile("^(cvc-[a-zA-Z0-9.\\-]+):");
  private static final Pattern QUOTED_NAME = Pattern.compile("(?:\"[^\"]*\":)?([A-Za-z_][\\w.\\-]*)");
  private static final Pattern STARTING_WITH = Pattern.compile("starting with element '\\{?(?:\"[^\"]*\":)?([^'}]+)\\}?'");
  private static final Pattern EXPECTED = Pattern.compile("One of '\\{(.*)\\}' is expected");
  private static final Pattern VALUE = Pattern.compile("[Vv]alue '([^']{0,80})'");
  private static final Pattern ENUMERATION = Pattern.compile("enumeration '\\[([^\\]]*)\\]'");

  private SchemaErrors() {
  }

  static CapRefused refusal(String message, Element current) {
    String text = message == null ? "" : message;
    Matcher ruleMatch = RULE.matcher(text);
    String rule = ruleMatch.find() ? ruleMatch.group(1) : "xml-schema";
    String element = current == null ? null : current.getLocalName();
    String parent = current != null && current.getParentNode() instanceof Element p ? p.getLocalName() : null;
    String where = element == null ? "CAP 文档" : "元素 <" + element + ">" + (parent == null ? "" : "（在 <" + parent + "> 中）");
    String whereEn = element == null ? "the CAP document" : "element <" + element + ">" + (parent == null ? "" : " (in <" + parent + ">)");
    String value = find(VALUE, text);
    if (rule.startsWith("cvc-complex-type.2.4")) {
      String found = find(STARTING_WITH, text);
      String expected = expected(text);
      if (found != null) {
        // the validator's current element is the parent whose content is out of order
        String in = element == null ? "" : "（在 <" + element + "> 中）";
        String inEn = element == null ? "" : " (in <" + element + ">)";
        return CapRefused.malformed(found, "元素 <" + found + ">" + in + " 不该出现在这里：CAP 1.2 规定了元素的顺序和次数"
                + (expected.isEmpty() ? "，此处不应再有元素" : "，此处应为 " + expected) + "（规则 " + rule + "）",
            "element <" + found + ">" + inEn + " is not allowed here: CAP 1.2 fixes the order and number of elements"
                + (expected.isEmpty() ? "; nothing more may follow here" : "; expected here: " + expected) + " (rule " + rule + ")");
      }
      return CapRefused.malformed(element, where + " 不完整：缺少必填元素 " + expected + "（规则 " + rule + "）",
          whereEn + " is incomplete: the required element " + expected + " is missing (rule " + rule + ")");
    }
    if (rule.startsWith("cvc-enumeration-valid")) {
      String allowed = find(ENUMERATION, text);
      return CapRefused.malformed(element, where + " 的值“" + nz(value) + "”不是 CAP 1.2 规定的取值之一：" + nz(allowed) + "（规则 " + rule + "）",
          whereEn + ": the value '" + nz(value) + "' is not one CAP 1.2 allows: " + nz(allowed) + " (rule " + rule + ")");
    }
    if (rule.startsWith("cvc-pattern-valid") || rule.startsWith("cvc-datatype-valid")) {
      if (text.contains("dateTime") || isTime(element)) {
        return CapRefused.malformed(element, where + " 的时间“" + nz(value) + "”格式不对：CAP 1.2 要求带时区的时间，精确到秒，如 2026-12-02T08:00:00+08:00（规则 " + rule + "）",
            whereEn + ": the time '" + nz(value) + "' is not in CAP 1.2's form, with seconds and an offset, e.g. 2026-12-02T08:00:00+08:00 (rule " + rule + ")");
      }
      if ("identifier".equals(element) || "sender".equals(element)) {
        return CapRefused.malformed(element, where + " 不能含空格、逗号、< 或 &（规则 " + rule + "）",
            whereEn + " must not contain spaces, commas, < or & (rule " + rule + ")");
      }
      return CapRefused.malformed(element, where + " 的值“" + nz(value) + "”不是该元素要求的类型（数字、语言代码或网址）（规则 " + rule + "）",
          whereEn + ": the value '" + nz(value) + "' is not of the element's type (a number, a language code or a URI) (rule " + rule + ")");
    }
    if (rule.startsWith("cvc-elt.1")) {
      return CapRefused.malformed(element, "根元素不是 CAP 1.2 的 <alert>（命名空间 " + CapSchema.NAMESPACE + "）（规则 " + rule + "）",
          "the root element is not CAP 1.2's <alert> (namespace " + CapSchema.NAMESPACE + ") (rule " + rule + ")");
    }
    if (rule.startsWith("cvc-complex-type.3") || rule.startsWith("cvc-complex-type.4")) {
      return CapRefused.malformed(element, where + " 带有 CAP 1.2 未定义的属性（规则 " + rule + "）",
          whereEn + " carries an attribute CAP 1.2 does not define (rule " + rule + ")");
    }
    if (rule.startsWith("cvc-complex-type.2.3") || rule.startsWith("cvc-type.3.1.2") || rule.startsWith("cvc-complex-type.2.1")) {
      return CapRefused.malformed(element, where + " 的内容不对：它只能含文字或只能含子元素（规则 " + rule + "）",
          whereEn + ": its content is wrong: it may hold only text or only child elements (rule " + rule + ")");
    }
    return CapRefused.malformed(element, where + " 不符合 CAP 1.2 规范（规则 " + rule + "）",
        whereEn + " does not conform to CAP 1.2 (rule " + rule + ")");
  }

  private static boolean isTime(String element) {
    return Set.of("sent", "effective", "onset", "expires").contains(element);
  }

  /** "<a>、<b>" from the validator's list of expected elements. */
  private static String expected(String text) {
    String list = find(EXPECTED, text);
    if (list == null) {
      return "";
    }
    Set<String> names = new LinkedHashSet<>();
    for (String item : list.split(",")) {
      Matcher m = QUOTED_NAME.matcher(item.strip());
      if (m.find()) {
        names.add("<" + m.group(1) + ">");
      }
    }
    return String.join("、", names);
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
