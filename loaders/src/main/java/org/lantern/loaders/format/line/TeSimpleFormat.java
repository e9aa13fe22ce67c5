package org.lantern.loaders.format.line;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.lantern.core.exchange.Categories;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code te-simple}: the "simple" files python-threatexchange kept per signal type after a
 * ThreatExchange fetch, named {@code simple.<type>.te} (e.g. {@code simple.pdq.te}), one CSV row
 * per signal: {@code <hash>,<descriptor id>,<added_on>,<space-separated tags>}. There is no
 * header; rows were written by Python's {@code csv} module, so fields may be quoted.
 *
 * <p>The type comes from the file name ({@code hash_} prefixes of old TE indicator types are
 * dropped, names are mapped by {@link PytxTypes}); {@code --type} overrides it, and is needed
 * when the name does not say. The descriptor id, the time and the tags go into the note ({@code
 * te_id: ...; added_on: ...; tags: ...}). Tags that are built-in categories ({@code csam},
 * {@code grooming}, {@code sextortion}, {@code trade}, {@code ncii}) also become the signal's
 * categories; the others stay in the note only (categories are a controlled vocabulary).
 *
 * <p>Thread-safety: immutable; each reader is for one thread.
 */
public final class TeSimpleFormat implements InputFormat {
  private static final List<String> COLUMNS = List.of("hash", "te_id", "added_on", "tags");

  @Override
  public String name() {
    return "te-simple";
  }

  @Override
  public String description() {
    return "ThreatExchange simple.<type>.te rows: '<hash>,<id>,<time>,<tags>'";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    if (typeInName(logicalName) != null) {
      return Scores.TE_SIMPLE_NAME;
    }
    return HeadSample.of(head, true).headerlessAndMostly(TeSimpleFormat::looksLikeRow) ? Scores.TE_SIMPLE_ROWS : 0;
  }

  /** The {@code <type>} of {@code simple.<type>.te}, or {@code null}. */
  static String typeInName(String logicalName) {
    String prefix = "simple.";
    String suffix = ".te";
    if (logicalName.startsWith(prefix) && logicalName.endsWith(suffix)
        && logicalName.length() > prefix.length() + suffix.length()) {
      String type = logicalName.substring(prefix.length(), logicalName.length() - suffix.length());
      return type.indexOf('.') < 0 ? type : null;
    }
    return null;
  }

  /** {@code <hex>,<id of 4+ digits>,...}: a PDQ-tool row has a quality of at most 3 digits there. */
  private static boolean looksLikeRow(String line) {
    int c1 = line.indexOf(',');
    int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    return c2 > c1 + 4 && Text.isHex(line.substring(0, c1)) && Text.isDigits(line.substring(c1 + 1, c2));
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) {
    String label;
    String named = typeInName(source.logicalName());
    if (options.bareType() != null) {
      label = options.bareType().label();
    } else if (named == null) {
      throw new IllegalArgumentException(
          "cannot tell the signal type of " + source.name() + ": name it simple.<type>.te (e.g. simple.pdq.te) or say --type");
    } else if (PytxTypes.lanternLabel(named) != null) {
      label = PytxTypes.lanternLabel(named);
    } else if (PytxTypes.isUnsupported(named)) {
      label = null; // every row is counted as unsupported
    } else {
      throw new IllegalArgumentException(
          source.name() + ": " + PytxTypes.unknown("file name type", named) + "; or say --type");
    }
    String unsupported = label == null ? PytxTypes.normalise(named) : null;
    return new Reader(new CsvRecords(new LineReader(content), ',', true), label, unsupported);
  }

  private static final class Reader implements RecordReader {
    private final CsvRecords records;
    private final String label; // null: the type is one Lantern does not hold
    private final String unsupportedType; // that type's name, when label is null

    Reader(CsvRecords records, String label, String unsupportedType) {
      this.records = records;
      this.label = label;
      this.unsupportedType = unsupportedType;
    }

    @Override
    public SourceRecord next() throws IOException {
      if (!records.next()) {
        return null;
      }
      long line = records.line();
      String original = records.original();
      if (records.problem() != null) {
        return new SourceRecord.Rejected(line, original, records.problem());
      }
      List<String> f = records.fields();
      if (f.size() != COLUMNS.size()) {
        return new SourceRecord.Rejected(line, original, countProblem(f.size()));
      }
      String hash = f.get(0).strip();
      String id = f.get(1).strip();
      if (hash.isEmpty()) {
        return new SourceRecord.Rejected(line, original, "hash (field 1) is empty");
      }
      if (!Text.isDigits(id)) {
        return new SourceRecord.Rejected(line, original, "te_id (field 2): expected a ThreatExchange id (digits), got " + Text.quote(id));
      }
      if (label == null) {
        return new SourceRecord.Unsupported(line, original, unsupportedType);
      }
      String note = new Notes().add("te_id", id).add("added_on", f.get(2)).tags(f.get(3)).build();
      List<String> categories = knownCategories(f.get(3));
      return new SourceRecord.Submit(
          line, original, new SignalSubmission(label, hash, categories.isEmpty() ? null : categories, note, null, null, null));
    }

    /**
     * The tags that are built-in categories ({@code csam}, {@code grooming}, ...), in any case;
     * tags are separated by spaces, semicolons or commas. Every tag stays in the note as well.
     */
    static List<String> knownCategories(String tags) {
      java.util.TreeSet<String> found = new java.util.TreeSet<>();
      for (String tag : tags.split("[\\s;,]+")) {
        String t = tag.strip().toLowerCase(java.util.Locale.ROOT);
        if (Categories.BUILT_IN.contains(t)) {
          found.add(t);
        }
      }
      return List.copyOf(found);
    }

    private static String countProblem(int count) {
      if (count > COLUMNS.size()) {
        return "expected 4 fields (hash, te_id, added_on, tags), got " + count;
      }
      return "expected 4 fields (hash, te_id, added_on, tags), got " + count + ": no "
          + String.join(", ", COLUMNS.subList(count, COLUMNS.size()));
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }
}
