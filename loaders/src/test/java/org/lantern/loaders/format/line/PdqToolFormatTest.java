package org.lantern.loaders.format.line;

import static org.lantern.loaders.format.line.Samples.P1;
import static org.lantern.loaders.format.line.Samples.P2;
import static org.lantern.loaders.format.line.Samples.P3;
import static org.lantern.loaders.format.line.Samples.P4;
import static org.lantern.loaders.format.line.Samples.assertRecords;
import static org.lantern.loaders.format.line.Samples.read;
import static org.lantern.loaders.format.line.Samples.rejected;
import static org.lantern.loaders.format.line.Samples.submit;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lantern.loaders.format.FormatOptions;

class PdqToolFormatTest {
  private final PdqToolFormat format = new PdqToolFormat();

  @Test
  void shouldReadPlainRowsAndRejectLowQuality() throws Exception {
    assertRecords(read(format, "plain.txt", Samples.defaults()),
        submit(2, P1 + ",100,./reg_test/input/dih/bridge-1-original.jpg", "pdq", P1, null,
            "./reg_test/input/dih/bridge-1-original.jpg"),
        // the file name runs to the end of the line, commas and all
        submit(3, P2 + ",100,./photos/a, b.jpg", "pdq", P2, null, "./photos/a, b.jpg"),
        rejected(4, P3 + ",37,./photos/featureless.png", "quality 37 is below --min-quality 50"),
        submit(5, P4 + ",50,./photos/edge.jpg", "pdq", P4, null, "./photos/edge.jpg"));
  }

  @Test
  void shouldReadDetailsRowsAndRejectTransformLines() throws Exception {
    String file = "reg_test/input/dih/bridge-1-original.jpg";
    assertRecords(read(format, "details.txt", Samples.defaults()),
        submit(1, "hash=" + P1 + ",norm=128,delta=0,quality=100,filename=./" + file, "pdq", P1, null, "./" + file),
        submit(2, "hash=" + P2 + ",norm=128,delta=124,quality=100,dims=1024*768,filename=./b=c,d.jpg", "pdq", P2, null,
            "./b=c,d.jpg"),
        submit(3, "hash=" + P1 + ",quality=100,filename=" + file, "pdq", P1, null, file),
        rejected(4, "hash=" + P1 + ",xform=orig,filename=" + file, "xform=orig", "no quality"),
        rejected(5, "hash=f0a10efd71cc3d429053d48d0ffffc12e34e0e17ada952a9d29685210aa9e5af,xform=rot90,filename=" + file,
            "xform=rot90"));
  }

  @Test
  void shouldLeavePathsOutWhenAskedAndApplyTheGivenMinimum() throws Exception {
    FormatOptions options = new FormatOptions(null, Map.of(), 38, false);
    assertRecords(read(format, "plain.txt", options),
        submit(2, P1 + ",100,./reg_test/input/dih/bridge-1-original.jpg", "pdq", P1),
        submit(3, P2 + ",100,./photos/a, b.jpg", "pdq", P2),
        rejected(4, P3 + ",37,./photos/featureless.png", "quality 37 is below --min-quality 38"),
        submit(5, P4 + ",50,./photos/edge.jpg", "pdq", P4));
  }

  @Test
  void shouldRejectMalformedRowsNamingTheField() throws Exception {
    assertRecords(read(format, "malformed.txt", Samples.defaults()),
        submit(1, P1 + ",100,ok.jpg", "pdq", P1, null, "ok.jpg"),
        rejected(2, P1 + ",abc,bad-quality.jpg", "quality: expected a whole number from 0 to 100, got 'abc'"),
        rejected(3, P1 + ",101,too-high.jpg", "quality", "got '101'"),
        rejected(4, P1, "got no comma", "--format hex"),
        rejected(5, "hash=" + P1 + ",norm=128,filename=no-quality.jpg", "no quality= field"),
        rejected(6, "norm=128,quality=100,filename=x.jpg", "no hash= field"),
        rejected(7, "hash=" + P1 + ",garbage,quality=100", "key=value", "'garbage'"),
        rejected(8, ",100,empty-hash.jpg", "hash is empty"));
  }

  @Test
  void shouldStripBomAndCarriageReturns() throws Exception {
    assertRecords(read(format, "bom-crlf.txt", Samples.defaults()),
        submit(1, P2 + ",99,C:\\images\\one.jpg", "pdq", P2, null, "C:\\images\\one.jpg"),
        rejected(3, P3 + ",12,C:\\images\\two.jpg", "quality 12 is below --min-quality 50"));
  }
}
