package org.lantern.loaders.format.line;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lantern.core.exchange.SignalSubmission;
import org.lantern.loaders.format.FormatOptions;
import org.lantern.loaders.format.InputFormat;
import org.lantern.loaders.format.InputSource;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * {@code pytx-csv}: the CSV that {@code threatexchange dataset -P --csv} prints, with a header
 * row naming the columns {@code collab}, {@code signal_type}, {@code signal_str}, {@code
 * category} and {@code tags} (pytx writes them in that order; any order is read).
 *
 * <ul>
 *   <li>{@code signal_type}, {@code signal_str}: the type name (mapped by {@link PytxTypes}) and
 *       the value. Both columns are required: without one, every row is rejected naming it.
 *   <li>{@code collab}: the collaboration the signal came from; kept in the note.
 *   <li>{@code category}: in pytx this is not a harm category but the aggregate opinion on the
 *       signal ({@code POSITIVE_CLASS}, {@code INVESTIGATION_SEED}, {@code DISPUTED}, {@code
 *       NEGATIVE_CLASS}; before pytx 1.0 {@code TRUE_POSITIVE}, {@code WORTH_INVESTIGATING},
 *       {@code FALSE_POSITIVE}). The opinion is kept in the note. A negative one (the signal
 *       matches content outside the collaboration, or is test data) is rejected rather than shared
 *       as a lead. Any other value is passed on as a Lantern category, which the exchange checks.
 *   <li>{@code tags}: space-separated free-form tags; kept in the note as {@code tags: a b}.
 * </ul>
 * A row with fewer fields than the header is rejected naming the columns it lacks.
 *
 * <p>Thread-safety: immutable; each reader is for one thread.
 */
public final class PytxCsvFormat implements InputFormat {
  private static final Set<String> NEGATIVE_OPINIONS = Set.of("negative_class", "false_positive");
  private static final Set<String> OTHER_OPINIONS =
      Set.of("positive_class", "true_positive", "investigation_seed", "worth_investigating", "disputed");

  @Override
  public String name() {
    return "pytx-csv";
  }

  @Override
  public String description() {
    return "python-threatexchange dataset CSV: header collab,signal_type,signal_str,category,tags";
  }

  @Override
  public int detect(String logicalName, byte[] head, boolean directory) {
    if (directory) {
      return 0;
    }
    String first = HeadSample.of(head, true).first();
    if (first == null) {
      return 0;
    }
    String[] problem = new String[1];
    List<String> names = CsvRecords.splitLine(first, CsvHeader.delimiterOf(first), problem);
    if (names == null) {
      return 0;
    }
    CsvHeader header = new CsvHeader(names.stream().map(String::strip).toList(), 1, ',');
    // either pytx column name is distinctive; with one missing, reading rejects every row naming it
    return header.indexOf("signal_type") >= 0 || header.indexOf("signal_str") >= 0 ? Scores.PYTX_CSV_HEADER : 0;
  }

  @Override
  public RecordReader open(InputSource source, InputStream content, FormatOptions options) throws IOException {
    LineReader lines = new LineReader(content);
    CsvHeader header = CsvHeader.read(lines, source.name());
    return new Reader(lines, header);
  }

  private static final class Reader implements RecordReader {
    private final CsvRecords records;
    private final CsvHeader header;
    private final String headerProblem; // non-null: every row is rejected with it
    private final int type;
    private final int value;
    private final int collab;
    private final int category;
    private final int tags;

    Reader(LineReader lines, CsvHeader header) {
      this.header = header;
      this.records = new CsvRecords(lines, header == null ? ',' : header.delimiter(), false);
      this.type = header == null ? -1 : header.indexOf("signal_type");
      this.value = header == null ? -1 : header.indexOf("signal_str");
      this.collab = header == null ? -1 : header.indexOf("collab");
      this.category = header == null ? -1 : header.indexOf("category");
      this.tags = header == null ? -1 : header.indexOf("tags");
      List<String> missing = new ArrayList<>();
      if (type < 0) {
        missing.add("'signal_type'");
      }
      if (value < 0) {
        missing.add("'signal_str'");
      }
      this.headerProblem = missing.isEmpty() || header == null
          ? null
          : "the header (line " + header.line() + ") has no " + String.join(" or ", missing) + " column; it has "
              + header.describe();
    }

    @Override
    public SourceRecord next() throws IOException {
      if (header == null || !records.next()) {
        return null;
      }
      long line = records.line();
      String original = records.original();
      String problem = records.problem();
      if (problem == null) {
        problem = headerProblem;
      }
      if (problem == null) {
        problem = header.fieldCountProblem(records.fields().size());
      }
      if (problem != null) {
        return new SourceRecord.Rejected(line, original, problem);
      }
      List<String> f = records.fields();
      String typeName = f.get(type).strip();
      String signal = f.get(value).strip();
      String label = PytxTypes.lanternLabel(typeName);
      if (label == null) {
        if (PytxTypes.isUnsupported(typeName)) {
          return new SourceRecord.Unsupported(line, original, PytxTypes.normalise(typeName));
        }
        return new SourceRecord.Rejected(line, original, PytxTypes.unknown("signal_type", typeName));
      }
      if (signal.isEmpty()) {
        return new SourceRecord.Rejected(line, original, "signal_str is empty");
      }
      String categoryText = category < 0 ? "" : f.get(category).strip();
      String opinion = categoryText.toLowerCase(Locale.ROOT);
      if (NEGATIVE_OPINIONS.contains(opinion)) {
        return new SourceRecord.Rejected(line, original,
            "category " + categoryText + ": the collaboration's opinion is that this signal does not fit it "
                + "(false positive or test data), so it is not shared");
      }
      boolean isOpinion = OTHER_OPINIONS.contains(opinion);
      List<String> categories = categoryText.isEmpty() || isOpinion ? null : List.of(categoryText);
      String note = new Notes()
          .add("collab", collab < 0 ? null : f.get(collab))
          .add("opinion", isOpinion ? categoryText : null)
          .tags(tags < 0 ? null : f.get(tags))
          .build();
      return new SourceRecord.Submit(line, original, new SignalSubmission(label, signal, categories, note, null, null, null));
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }
}
