package org.lantern.core.text;
// STUB until feat/keyword merges
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
public final class KeywordScanner {
  private final Map<String, String> byId = new ConcurrentHashMap<>();
  public void add(String id, String k) { byId.put(id, k); }
  public boolean remove(String id) { return byId.remove(id) != null; }
  public int size() { return byId.size(); }
  public List<KeywordHit> scan(CharSequence text) {
    String t = text.toString().toLowerCase(Locale.ROOT);
    List<KeywordHit> out = new ArrayList<>();
    byId.forEach((id, k) -> { int at = t.indexOf(k); if (at >= 0) out.add(new KeywordHit(id, k, at, at + k.length())); });
    return out;
  }
}
