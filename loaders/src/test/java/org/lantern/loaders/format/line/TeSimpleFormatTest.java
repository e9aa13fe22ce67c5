package org.lantern.loaders.format.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lantern.loaders.format.line.Samples.MD5;
import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.P2;
import static org.lantern.loaders.format.line.Samples.P3;
import static org.lantern.loaders.format.line.Samples.P4;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import org.junit.jupiter.api.Test;
import org.lantern.core.signal.SignalType;
import org.lantern.loaders.format.SourceRecord;

class TeSimpleFormatTest {
  private final TeSimpleFormat format = new TeSimpleFormat();

  @Test
  void shouldTakeTheTypeFromTheNameAndKeepIdTimeAndTagsInTheNote() throws Exception {
    String row3 = P3 + ",3058061737574161,mine,\"tag,with,commas other\"";
    assertRecords(read(format, "simple.pdq.te", Samples.defaults()),
        submit(1, P1 + ",3058061737574159,2020-07-01T18:31:15+0000,media_type_photo pwny", "pdq", P1, null,
            "te_id: 3058061737574159; added_on: 2020-07-01T18:31:15+0000; tags: media_type_photo pwny"),
        submit(3, P2 + ",3058061737574160,2020-07-02T10:00:00+0000,", "pdq", P2, null,
            "te_id: 3058061737574160; added_on: 2020-07-02T10:00:00+0000"),
        submit(5, row3, "pdq", P3, null, "te_id: 3058061737574161; added_on: mine; tags: tag,with,commas other"));
  }

  @Test
  void shouldRejectMalformedRowsNamingTheField() throws Exception {
    assertRecords(read(format, "simple.hash_md5.te", Samples.defaults()),
        submit(1, MD5 + ",1234567890123456,2021-01-01T00:00:00+0000,a", "md5", MD5, null,
            "te_id: 1234567890123456; added_on: 2021-01-01T00:00:00+0000; tags: a"),
        rejected(2, "d41d8cd98f00b204e9800998ecf8427f,12345678901234x6,2021-01-01T00:00:00+0000,b",
            "te_id (field 2)", "'12345678901234x6'"),
        rejected(3, "d41d8cd98f00b204e9800998ecf84270,1234567890123457", "got 2: no added_on, tags"),
        rejected(4, ",1234567890123458,2021-01-01T00:00:00+0000,", "hash (field 1) is empty"),
        rejected(5, "d41d8cd98f00b204e9800998ecf84271,1234567890123459,2021-01-01T00:00:00+0000,x,y", "got 5"));
  }

  @Test
  void shouldCountATypeLanternDoesNotHoldAsUnsupported() throws Exception {
    assertRecords(read(format, "simple.photodna.te", Samples.defaults()),
        new SourceRecord.Unsupported(1, "AAAAAQAAAAIAAAAD,1234567890123460,2021-01-01T00:00:00+0000,", "photodna"));
  }

  @Test
  void shouldNeedTheTypeWhenTheNameDoesNotSayIt() throws Exception {
    assertThatThrownBy(() -> read(format, "rows-bom-crlf.txt", Samples.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("simple.<type>.te")
        .hasMessageContaining("--type");
    assertRecords(read(format, "rows-bom-crlf.txt", Samples.type(SignalType.PDQ)),
        submit(1, P4 + ",3058061737574162,2020-07-03T00:00:00+0000,a", "pdq", P4, null,
            "te_id: 3058061737574162; added_on: 2020-07-03T00:00:00+0000; tags: a"),
        submit(2, P1 + ",3058061737574163,2020-07-04T00:00:00+0000,b c", "pdq", P1, null,
            "te_id: 3058061737574163; added_on: 2020-07-04T00:00:00+0000; tags: b c"));
  }

  @Test
  void shouldLetTheGivenTypeOverrideTheName() throws Exception {
    assertThat(read(format, "simple.pdq.te", Samples.type(SignalType.PHASH)))
        .allSatisfy(r -> assertThat(((SourceRecord.Submit) r).submission().type()).isEqualTo("phash"));
  }

  @Test
  void shouldReadTheTypeOfOldIndicatorNames() {
    assertThat(TeSimpleFormat.typeInName("simple.hash_pdq.te")).isEqualTo("hash_pdq");
    assertThat(PytxTypes.lanternLabel("hash_pdq")).isEqualTo("pdq");
    assertThat(TeSimpleFormat.typeInName("simple.te")).isNull();
    assertThat(TeSimpleFormat.typeInName("simple.a.b.te")).isNull();
  }
}
