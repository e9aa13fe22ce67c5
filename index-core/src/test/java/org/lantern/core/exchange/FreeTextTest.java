package org.lantern.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalRejectedException;
import org.lantern.core.signal.SignalType;

/** E-mail-shaped text is refused in notes, keywords and URL query values, naming the field. */
class FreeTextTest {
  @Test
  void findsEmailShapes() {
    for (String text : List.of("victim@example.org", "mail me: A.B+c@sub.example.co.uk!", "x@y.zz",
        "first.last@xn--80ak6aa92e.com", "ab@example.org,cd")) {
      assertThat(FreeText.hasEmailShape(text)).as(text).isTrue();
    }
    for (String text : List.of("", "@handle", "user@localhost", "a @ b.c", "price 5@3", "see signal 7jhd", "x@", "@example.org")) {
      assertThat(FreeText.hasEmailShape(text)).as(text).isFalse();
    }
  }

  @Test
  void refusesNotesKeywordsAndUrlQueriesNamingTheField() {
    assertRefused(() -> FreeText.checkNote("note", "reported by victim@example.org"), "note");
    assertRefused(() -> FreeText.checkValue(SignalType.KEYWORD, "write to victim@example.org"), "value");
    assertRefused(() -> FreeText.checkValue(SignalType.URL, "https://h.example/p?owner=victim%40example.org&x=1"), "value");
    assertRefused(() -> FreeText.checkValue(SignalType.URL, "https://h.example/p?x=1;u=victim@example.org#frag"), "value");
    assertThatCode(() -> FreeText.checkValue(SignalType.URL, "https://h.example/victim@example.org/p?x=1")).doesNotThrowAnyException();
    assertThatCode(() -> FreeText.checkValue(SignalType.EMAIL, "victim@example.org")).doesNotThrowAnyException();
    assertThatCode(() -> FreeText.checkValue(SignalType.URL, "https://h.example/p?q=%E0%A4%A")).doesNotThrowAnyException();
    assertThatCode(() -> FreeText.checkNote("note", "hash list from partner, batch 7")).doesNotThrowAnyException();
  }

  private static void assertRefused(Runnable r, String field) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(SignalRejectedException.class, e -> {
      assertThat(e.code()).isEqualTo(FreeText.CODE);
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.getMessage()).contains("signal of type email");
    });
  }
}
