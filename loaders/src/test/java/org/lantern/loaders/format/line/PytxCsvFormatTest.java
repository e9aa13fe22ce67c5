package org.lantern.loaders.format.line;

import static org.lantern.loaders.format.line.Samples.MD5;
import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.P2;
import static org.lantern.loaders.format.line.Samples.P3;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.readText;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lantern.loaders.format.SourceRecord;

class PytxCsvFormatTest {
  private final PytxCsvFormat format = new PytxCsvFormat();

  @Test
  void shouldReadTheDatasetCsvWithOpinionsCollabsAndTagsInTheNote() throws Exception {
    String multiLine = "Sample Data,raw_text,\"buy \"\"cheap\"\" stuff, now\nand again\",DISPUTED,spam";
    assertRecords(read(format, "dataset.csv", Samples.defaults()),
        submit(2, "Sample Data,pdq," + P1 + ",POSITIVE_CLASS,media_type_photo sample", "pdq", P1, null,
            "collab: Sample Data; opinion: POSITIVE_CLASS; tags: media_type_photo sample"),
        submit(3, "\"Sample, Data\",video_md5," + MD5 + ",INVESTIGATION_SEED,", "md5", MD5, null,
            "collab: Sample, Data; opinion: INVESTIGATION_SEED"),
        submit(4, multiLine, "keyword", "buy \"cheap\" stuff, now\nand again", null,
            "collab: Sample Data; opinion: DISPUTED; tags: spam"),
        // a category that is not a pytx opinion is passed on; the exchange checks the vocabulary
        submit(6, "Sample Data,url,https://example.com/x,csam,", "url", "https://example.com/x", List.of("csam"),
            "collab: Sample Data"),
        rejected(7, "Sample Data,pdq," + P2 + ",NEGATIVE_CLASS,test_data", "category NEGATIVE_CLASS", "not shared"),
        new SourceRecord.Unsupported(8, "Sample Data,photodna,AAAAAQ==,POSITIVE_CLASS,", "photodna"),
        rejected(9, "Sample Data,tmk_hash,abc,POSITIVE_CLASS,", "signal_type: unknown signal type 'tmk_hash'"));
  }

  @Test
  void shouldReadColumnsInAnyOrderWithBomCrlfAndQuotedLineBreaks() throws Exception {
    assertRecords(read(format, "bom-crlf.csv", Samples.defaults()),
        submit(2, "pdq," + P3 + ",Local,TRUE_POSITIVE,a  b", "pdq", P3, null,
            "collab: Local; opinion: TRUE_POSITIVE; tags: a b"),
        // the CRLF inside the quoted field reads as \n
        submit(4, "raw_text,\"two\nlines\",Local,,", "keyword", "two\nlines", null, "collab: Local"),
        rejected(6, "md5," + MD5 + ",Local,FALSE_POSITIVE,", "category FALSE_POSITIVE"));
  }

  @Test
  void shouldRejectEveryRowNamingAMissingHeader() throws Exception {
    String reason = "the header (line 1) has no 'signal_str' column; it has [collab, signal_type, category, tags]";
    assertRecords(read(format, "missing-column.csv", Samples.defaults()),
        rejected(2, "Sample Data,pdq,POSITIVE_CLASS,", reason),
        rejected(3, "Sample Data,md5,POSITIVE_CLASS,x", reason));
  }

  @Test
  void shouldRejectShortAndLongRowsNamingTheColumns() throws Exception {
    assertRecords(read(format, "short-rows.csv", Samples.defaults()),
        submit(2, "Sample Data,pdq," + P1 + ",POSITIVE_CLASS,a", "pdq", P1, null,
            "collab: Sample Data; opinion: POSITIVE_CLASS; tags: a"),
        rejected(3, "Sample Data,md5," + MD5, "the row has 3 fields", "has 5", "no value for 'category', 'tags'"),
        rejected(4, "Sample Data,pdq," + P2 + ",POSITIVE_CLASS,b,extra", "the row has 6 fields"),
        rejected(5, "Sample Data,md5,,POSITIVE_CLASS,", "signal_str is empty"),
        rejected(6, "\"Sample Data,pdq,unclosed", "a quoted field opened on line 6 is never closed"));
  }

  @Test
  void shouldReadNothingFromAnEmptyFile() throws Exception {
    assertRecords(readText(format, "empty.csv", "\n\n", Samples.defaults()));
  }
}
